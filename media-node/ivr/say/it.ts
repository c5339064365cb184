import { checkNumber, groups, type Composer, type NumberForm } from './common.js';

// 1–99 are whole prompts because Italian elides inside them ("ventuno", "trentotto").
function below100(n: number, form: NumberForm): string {
  return n === 1 && form === 'feminine' ? 'n-1-f' : `n-${n}`;
}

/** "centotto", "centottanta": the hundred loses its final vowel before "otto"/"ottanta". */
function below1000(n: number, form: NumberForm): string[] {
  const h = Math.floor(n / 100);
  const rest = n % 100;
  if (!h) return [below100(rest, form)];
  if (!rest) return [`n-${h * 100}`];
  const elides = rest === 8 || (rest >= 80 && rest <= 89);
  return [elides ? `n-${h * 100}-elided` : `n-${h * 100}`, below100(rest, form)];
}

export function italianNumber(n: number, form: NumberForm = 'plain'): string[] {
  checkNumber(n);
  if (n === 0) return ['n-0'];
  const { millions, thousands, units } = groups(n);
  return [
    ...(millions === 1 ? ['n-1-short', 'million'] : millions ? [...below1000(millions, 'plain'), 'millions'] : []),
    // "mille", but "duemila"
    ...(thousands === 1 ? ['thousand'] : thousands ? [...below1000(thousands, 'plain'), 'thousands'] : []),
    ...(units ? below1000(units, form) : []),
  ];
}

export const italian: Composer = {
  number: (n, form) => italianNumber(n, form),
  // "giovedì ventisei novembre duemilaventisei"; day 1 is "primo"
  date: (p, withYear) => [
    `weekday-${p.weekday}`,
    ...(p.day === 1 ? ['day-1'] : italianNumber(p.day)),
    `month-${p.month}`,
    ...(withYear ? italianNumber(p.year) : []),
  ],
  // "ore quindici e quarantacinque", the style of announcements and timetables
  time: (p) => ['hours', ...italianNumber(p.hour, 'feminine'), ...(p.minute ? ['and', ...italianNumber(p.minute)] : [])],
};
