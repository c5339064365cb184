import { checkNumber, groups, type Composer, type NumberForm } from './common.js';

interface Opts {
  form: NumberForm;
  /** "quatre-vingt mille", "deux cent mille": no plural -s before "mille" (it is invariable). */
  beforeMille: boolean;
}

function small(n: number, form: NumberForm): string {
  return n === 1 && form === 'feminine' ? 'n-1-f' : `n-${n}`;
}

function below100(n: number, o: Opts): string[] {
  if (n < 20) return [small(n, o.form)];
  if (n < 70) {
    const u = n % 10;
    const tens = `n-${n - u}`;
    if (u === 1) return [tens, 'and', small(1, o.form)]; // "vingt et un"
    return u ? [tens, `n-${u}`] : [tens];
  }
  if (n < 80) return n === 71 ? ['n-60', 'and', 'n-11'] : ['n-60', `n-${n - 60}`]; // "soixante-dix-sept"
  if (n === 80) return [o.beforeMille ? 'n-80-compound' : 'n-80'];
  return ['n-80-compound', small(n - 80, o.form)]; // "quatre-vingt-un", "quatre-vingt-dix-sept"
}

function below1000(n: number, o: Opts): string[] {
  const h = Math.floor(n / 100);
  const rest = n % 100;
  const head = h === 0 ? [] : h === 1 ? ['hundred'] : [`n-${h}`, rest === 0 && !o.beforeMille ? 'hundreds' : 'hundred'];
  return rest ? [...head, ...below100(rest, o)] : head;
}

export function frenchNumber(n: number, form: NumberForm = 'plain'): string[] {
  checkNumber(n);
  if (n === 0) return ['n-0'];
  const { millions, thousands, units } = groups(n);
  return [
    ...(millions ? [...below1000(millions, { form: 'plain', beforeMille: false }), millions === 1 ? 'million' : 'millions'] : []),
    ...(thousands === 1 ? ['thousand'] : thousands ? [...below1000(thousands, { form, beforeMille: true }), 'thousand'] : []),
    ...(units ? below1000(units, { form, beforeMille: false }) : []),
  ];
}

export const french: Composer = {
  number: (n, form) => frenchNumber(n, form),
  // "jeudi vingt-six novembre deux mille vingt-six"; day 1 is "premier"
  date: (p, withYear) => [
    `weekday-${p.weekday}`,
    ...(p.day === 1 ? ['day-1'] : frenchNumber(p.day)),
    `month-${p.month}`,
    ...(withYear ? frenchNumber(p.year) : []),
  ],
  // "quinze heures quarante-cinq", "une heure", "zéro heure"
  time: (p) => [
    ...frenchNumber(p.hour, 'feminine'),
    p.hour <= 1 ? 'hour' : 'hours',
    ...(p.minute ? frenchNumber(p.minute, 'feminine') : []),
  ],
};
