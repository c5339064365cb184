/** Weekday, month, day and clock words for `say` dates and times. Weekdays start on Sunday (0). */
import { germanWord, put, type PromptTexts } from './catalogue-numbers.js';
import type { PromptLanguage } from './languages.js';

const seq = (prefix: string, from: number, words: string[]): Record<string, string> =>
  Object.fromEntries(words.map((w, i) => [`${prefix}-${from + i}`, w]));
const split = (s: string) => s.split(' ').map((w) => w.replace(/_/g, ' '));

const WEEKDAYS: Record<PromptLanguage, string> = {
  en: 'Sunday Monday Tuesday Wednesday Thursday Friday Saturday',
  'pt-BR': 'domingo segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado',
  es: 'domingo lunes martes miércoles jueves viernes sábado',
  fr: 'dimanche lundi mardi mercredi jeudi vendredi samedi',
  it: 'domenica lunedì martedì mercoledì giovedì venerdì sabato',
  de: 'Sonntag Montag Dienstag Mittwoch Donnerstag Freitag Samstag',
  ja: 'にちようび げつようび かようび すいようび もくようび きんようび どようび',
};

const MONTHS: Record<PromptLanguage, string> = {
  en: 'January February March April May June July August September October November December',
  'pt-BR': 'janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro',
  es: 'enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre',
  fr: 'janvier février mars avril mai juin juillet août septembre octobre novembre décembre',
  it: 'gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre',
  de: 'Januar Februar März April Mai Juni Juli August September Oktober November Dezember',
  ja: 'いちがつ にがつ さんがつ しがつ ごがつ ろくがつ しちがつ はちがつ くがつ じゅうがつ じゅういちがつ じゅうにがつ',
};

const EN_ORDINALS = split(
  'first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth twenty-first twenty-second twenty-third twenty-fourth twenty-fifth twenty-sixth twenty-seventh twenty-eighth twenty-ninth thirtieth thirty-first',
);

// Weak ordinal after "der": erste, zweite, dritte, siebte, achte; -te up to 19, -ste from 20.
function germanOrdinal(n: number): string {
  const irregular: Record<number, string> = { 1: 'erste', 3: 'dritte', 7: 'siebte', 8: 'achte' };
  return irregular[n] ?? `${germanWord(n)}${n < 20 ? 'te' : 'ste'}`;
}

const JA_DAYS = split(
  'ついたち ふつか みっか よっか いつか むいか なのか ようか ここのか とおか じゅういちにち じゅうににち じゅうさんにち じゅうよっか じゅうごにち じゅうろくにち じゅうしちにち じゅうはちにち じゅうくにち はつか にじゅういちにち にじゅうににち にじゅうさんにち にじゅうよっか にじゅうごにち にじゅうろくにち にじゅうしちにち にじゅうはちにち にじゅうくにち さんじゅうにち さんじゅういちにち',
);
const JA_DIGITS = ['', 'いち', 'に', 'さん', 'よん', 'ご', 'ろく', 'なな', 'はち', 'きゅう'];
const jaTens = (t: number) => (t === 0 ? '' : t === 1 ? 'じゅう' : `${JA_DIGITS[t]}じゅう`);
// 4, 7 and 9 o'clock are yo-ji, shichi-ji, ku-ji; midnight is rei-ji.
const JA_HOUR_UNITS = ['', 'いち', 'に', 'さん', 'よ', 'ご', 'ろく', 'しち', 'はち', 'く'];
function japaneseHour(h: number): string {
  return h === 0 ? 'れいじ' : `${jaTens(Math.floor(h / 10))}${JA_HOUR_UNITS[h % 10]}じ`;
}
// ippun, sanpun, roppun, happun, juppun: the counter fun/pun follows the last digit.
const JA_MINUTE_UNITS = ['', 'いっぷん', 'にふん', 'さんぷん', 'よんぷん', 'ごふん', 'ろっぷん', 'ななふん', 'はっぷん', 'きゅうふん'];
function japaneseMinute(m: number): string {
  const t = Math.floor(m / 10);
  const u = m % 10;
  if (m === 0) return 'れいふん';
  if (u === 0) return `${t === 1 ? '' : JA_DIGITS[t]}じゅっぷん`;
  return `${jaTens(t)}${JA_MINUTE_UNITS[u]}`;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export function calendarPrompts(into: PromptTexts): void {
  for (const language of Object.keys(WEEKDAYS) as PromptLanguage[]) {
    put(into, language, { ...seq('weekday', 0, split(WEEKDAYS[language])), ...seq('month', 1, split(MONTHS[language])) });
  }
  put(into, 'en', { ...seq('day', 1, EN_ORDINALS), at: 'at', oclock: "o'clock", oh: 'oh', am: 'a m', pm: 'p m' });
  put(into, 'pt-BR', { 'day-1': 'primeiro', of: 'de', at: 'às', hour: 'hora', hours: 'horas', minute: 'minuto', minutes: 'minutos' });
  put(into, 'es', { 'day-1': 'primero', of: 'de', at: 'a las', hour: 'hora', hours: 'horas', minute: 'minuto', minutes: 'minutos' });
  put(into, 'fr', { 'day-1': 'premier', at: 'à', hour: 'heure', hours: 'heures' });
  put(into, 'it', { 'day-1': 'primo', at: 'alle', hours: 'ore' });
  put(into, 'de', { ...Object.fromEntries(range(1, 31).map((d) => [`day-${d}`, germanOrdinal(d)])), the: 'der', at: 'um', oclock: 'Uhr' });
  put(into, 'ja', {
    ...seq('day', 1, JA_DAYS),
    ...Object.fromEntries(range(0, 23).map((h) => [`hour-${h}`, japaneseHour(h)])),
    ...Object.fromEntries(range(0, 59).map((m) => [`minute-${m}`, japaneseMinute(m)])),
    'year-suffix': 'ねん',
    at: 'の',
  });
}
