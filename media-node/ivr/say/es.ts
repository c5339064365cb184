import { checkNumber, groups, type Composer } from './common.js';

/** plain: "uno"; short: before a noun or "mil" ("un", "veintiún"); feminine: "una", "veintiuna". */
type Form = 'plain' | 'short' | 'feminine';

function endingInOne(n: number, form: Form): string {
  if (form === 'short') return `n-${n}-short`;
  if (form === 'feminine') return `n-${n}-f`;
  return `n-${n}`;
}

// 0–29 are single words in Spanish ("veintidós"); 31 onwards join tens and units with "y".
function below100(n: number, form: Form): string[] {
  if (n === 1 || n === 21) return [endingInOne(n, form)];
  if (n < 30) return [`n-${n}`];
  const u = n % 10;
  if (!u) return [`n-${n}`];
  return [`n-${n - u}`, 'and', u === 1 ? endingInOne(1, form) : `n-${u}`];
}

/** "cien" alone, "ciento" when more follows ("ciento veintiuno"). */
function below1000(n: number, form: Form): string[] {
  if (n === 100) return ['n-100'];
  const h = Math.floor(n / 100);
  const rest = n % 100;
  const head = h === 0 ? [] : h === 1 ? ['n-100-compound'] : [`n-${h * 100}`];
  return rest ? [...head, ...below100(rest, form)] : head;
}

export function spanishNumber(n: number, form: Form = 'plain'): string[] {
  checkNumber(n);
  if (n === 0) return ['n-0'];
  const { millions, thousands, units } = groups(n);
  return [
    ...(millions === 1 ? ['n-1-short', 'million'] : millions ? [...below1000(millions, 'short'), 'millions'] : []),
    ...(thousands === 1 ? ['thousand'] : thousands ? [...below1000(thousands, 'short'), 'thousand'] : []),
    ...(units ? below1000(units, form) : []),
  ];
}

export const spanish: Composer = {
  number: (n, form) => spanishNumber(n, form === 'feminine' ? 'feminine' : 'plain'),
  // "jueves, veintiséis de noviembre de dos mil veintiséis"; day 1 is "primero"
  date: (p, withYear) => [
    `weekday-${p.weekday}`,
    ...(p.day === 1 ? ['day-1'] : spanishNumber(p.day)),
    'of',
    `month-${p.month}`,
    ...(withYear ? ['of', ...spanishNumber(p.year)] : []),
  ],
  // "quince horas y cuarenta y cinco minutos", "una hora y un minuto", "veintiuna horas"
  time: (p) => [
    ...spanishNumber(p.hour, 'feminine'),
    p.hour === 1 ? 'hour' : 'hours',
    ...(p.minute ? ['and', ...spanishNumber(p.minute, 'short'), p.minute === 1 ? 'minute' : 'minutes'] : []),
  ],
};
