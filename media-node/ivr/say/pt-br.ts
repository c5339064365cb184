import { checkNumber, groups, type Composer, type NumberForm } from './common.js';

function unit(n: number, form: NumberForm): string {
  return form === 'feminine' && (n === 1 || n === 2) ? `n-${n}-f` : `n-${n}`;
}

function below100(n: number, form: NumberForm): string[] {
  if (n < 20) return [unit(n, form)];
  const u = n % 10;
  return u ? [`n-${n - u}`, 'and', unit(u, form)] : [`n-${n}`];
}

/** "cem" alone, "cento e vinte e um" when more follows. */
function below1000(n: number, form: NumberForm): string[] {
  if (n === 100) return ['n-100'];
  const h = Math.floor(n / 100);
  const rest = n % 100;
  const head = h === 0 ? [] : h === 1 ? ['n-100-compound'] : [`n-${h * 100}`];
  if (!rest) return head;
  return [...head, ...(head.length ? ['and'] : []), ...below100(rest, form)];
}

/**
 * Groups are joined without "e" except before the last group when it is below 100 or a round
 * hundred: "dois mil e cinco", "mil e cem", but "mil duzentos e cinquenta".
 */
export function portugueseNumber(n: number, form: NumberForm = 'plain'): string[] {
  checkNumber(n);
  if (n === 0) return ['n-0'];
  const { millions, thousands, units } = groups(n);
  const parts: { value: number; words: string[] }[] = [];
  if (millions) parts.push({ value: millions, words: millions === 1 ? ['n-1', 'million'] : [...below1000(millions, 'plain'), 'millions'] });
  if (thousands) parts.push({ value: thousands, words: thousands === 1 ? ['thousand'] : [...below1000(thousands, form), 'thousand'] });
  if (units) parts.push({ value: units, words: below1000(units, form) });
  return parts.flatMap((part, i) => {
    const last = i === parts.length - 1;
    const joins = i > 0 && last && (part.value < 100 || part.value % 100 === 0);
    return joins ? ['and', ...part.words] : part.words;
  });
}

export const portuguese: Composer = {
  number: (n, form) => portugueseNumber(n, form),
  // "quinta-feira, vinte e seis de novembro de dois mil e vinte e seis"; day 1 is "primeiro"
  date: (p, withYear) => [
    `weekday-${p.weekday}`,
    ...(p.day === 1 ? ['day-1'] : portugueseNumber(p.day)),
    'of',
    `month-${p.month}`,
    ...(withYear ? ['of', ...portugueseNumber(p.year)] : []),
  ],
  // "quinze horas e quarenta e cinco minutos", "uma hora e um minuto", "zero hora"
  time: (p) => [
    ...portugueseNumber(p.hour, 'feminine'),
    p.hour <= 1 ? 'hour' : 'hours',
    ...(p.minute ? ['and', ...portugueseNumber(p.minute), p.minute === 1 ? 'minute' : 'minutes'] : []),
  ],
};
