import { checkNumber, groups, type Composer } from './common.js';

// 1–99 are whole prompts ("einundzwanzig"); "eins" stands alone, "ein" precedes hundert/tausend.
function below1000(n: number, final: boolean): string[] {
  const h = Math.floor(n / 100);
  const rest = n % 100;
  const head = h ? [h === 1 ? 'n-1-short' : `n-${h}`, 'hundred'] : [];
  if (!rest) return head;
  return [...head, rest === 1 && !final ? 'n-1-short' : `n-${rest}`];
}

export function germanNumber(n: number): string[] {
  checkNumber(n);
  if (n === 0) return ['n-0'];
  const { millions, thousands, units } = groups(n);
  return [
    // "eine Million", "zwei Millionen"
    ...(millions === 1 ? ['n-1-f', 'million'] : millions ? [...below1000(millions, true), 'millions'] : []),
    ...(thousands ? [...below1000(thousands, false), 'thousand'] : []),
    ...(units ? below1000(units, true) : []),
  ];
}

export const german: Composer = {
  number: (n) => germanNumber(n),
  // "Donnerstag, der sechsundzwanzigste November zweitausendsechsundzwanzig"
  date: (p, withYear) => [`weekday-${p.weekday}`, 'the', `day-${p.day}`, `month-${p.month}`, ...(withYear ? germanNumber(p.year) : [])],
  // "fünfzehn Uhr fünfundvierzig", "ein Uhr"
  time: (p) => [...(p.hour === 1 ? ['n-1-short'] : germanNumber(p.hour)), 'oclock', ...(p.minute ? germanNumber(p.minute) : [])],
};
