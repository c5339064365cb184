import { checkNumber, groups, type Composer } from './common.js';

function below100(n: number): string[] {
  if (n < 20) return [`n-${n}`];
  const unit = n % 10;
  return unit ? [`n-${n - unit}`, `n-${unit}`] : [`n-${n}`];
}

function below1000(n: number): string[] {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  return [...(hundreds ? [`n-${hundreds}`, 'hundred'] : []), ...(rest ? below100(rest) : [])];
}

/** American usage: "one hundred twenty one", no "and". */
export function englishNumber(n: number): string[] {
  checkNumber(n);
  if (n === 0) return ['n-0'];
  const { millions, thousands, units } = groups(n);
  return [
    ...(millions ? [...below1000(millions), 'million'] : []),
    ...(thousands ? [...below1000(thousands), 'thousand'] : []),
    ...(units ? below1000(units) : []),
  ];
}

export const english: Composer = {
  number: (n) => englishNumber(n),
  // "Thursday, November twenty-sixth, two thousand twenty six"
  date: (p, withYear) => [`weekday-${p.weekday}`, `month-${p.month}`, `day-${p.day}`, ...(withYear ? englishNumber(p.year) : [])],
  // "three oh five p m", "twelve o'clock a m"
  time: (p) => {
    const h12 = p.hour % 12 || 12;
    const minutes = p.minute === 0 ? ['oclock'] : p.minute < 10 ? ['oh', `n-${p.minute}`] : englishNumber(p.minute);
    return [...englishNumber(h12), ...minutes, p.hour < 12 ? 'am' : 'pm'];
  },
};
