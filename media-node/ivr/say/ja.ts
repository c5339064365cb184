import { checkNumber, type Composer } from './common.js';

/**
 * Japanese counts in units of 10 000 (man) and 100 000 000 (oku). Hundreds and thousands change
 * sound with their multiplier (sanbyaku, roppyaku, sanzen, hassen), so each is its own prompt;
 * "issen" replaces "sen" when a thousand multiplies man or oku (issenman).
 */
function below10000(n: number, inCompound: boolean): string[] {
  const th = Math.floor(n / 1000);
  const h = Math.floor(n / 100) % 10;
  const t = Math.floor(n / 10) % 10;
  const u = n % 10;
  return [
    ...(th ? [th === 1 && inCompound ? 'n-1000-compound' : `n-${th * 1000}`] : []),
    ...(h ? [`n-${h * 100}`] : []),
    ...(t ? (t === 1 ? ['n-10'] : [`n-${t}`, 'n-10']) : []),
    ...(u ? [`n-${u}`] : []),
  ];
}

export function japaneseNumber(n: number): string[] {
  checkNumber(n);
  if (n === 0) return ['n-0'];
  const oku = Math.floor(n / 100_000_000);
  const man = Math.floor(n / 10_000) % 10_000;
  const rest = n % 10_000;
  return [
    ...(oku ? [...below10000(oku, true), 'oku'] : []),
    ...(man ? [...below10000(man, true), 'man'] : []),
    ...(rest ? below10000(rest, false) : []),
  ];
}

export const japanese: Composer = {
  number: (n) => japaneseNumber(n),
  // "にせんにじゅうろく ねん じゅういちがつ にじゅうろくにち もくようび"; day and month names are irregular prompts
  date: (p, withYear) => [
    ...(withYear ? [...japaneseNumber(p.year), 'year-suffix'] : []),
    `month-${p.month}`,
    `day-${p.day}`,
    `weekday-${p.weekday}`,
  ],
  // "じゅうごじ よんじゅうごふん": hour and minute words change sound, so each is a whole prompt
  time: (p) => [`hour-${p.hour}`, ...(p.minute ? [`minute-${p.minute}`] : [])],
};
