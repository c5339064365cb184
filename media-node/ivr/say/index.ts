import type { PromptLanguage } from '../../prompts/languages.js';
import { localParts, type Composer, type NumberForm } from './common.js';
import { german } from './de.js';
import { english } from './en.js';
import { spanish } from './es.js';
import { french } from './fr.js';
import { italian } from './it.js';
import { japanese } from './ja.js';
import { portuguese } from './pt-br.js';

export { SayError, MAX_SAY_NUMBER, type NumberForm } from './common.js';

const COMPOSERS: Record<PromptLanguage, Composer> = {
  'pt-BR': portuguese,
  en: english,
  es: spanish,
  ja: japanese,
  de: german,
  it: italian,
  fr: french,
};

/** Prompt ids that speak `n` (0–999 999 999) in `language`, in order. */
export function numberFragments(n: number, language: PromptLanguage, form: NumberForm = 'plain'): string[] {
  return COMPOSERS[language].number(n, form);
}

/** Weekday, day, month and (unless `withYear` is false) year of `date` as seen in `timeZone`. */
export function dateFragments(date: Date, timeZone: string, language: PromptLanguage, withYear = true): string[] {
  return COMPOSERS[language].date(localParts(date, timeZone), withYear);
}

/** Hours and minutes of `date` as seen in `timeZone` (24-hour except in English). */
export function timeFragments(date: Date, timeZone: string, language: PromptLanguage): string[] {
  return COMPOSERS[language].time(localParts(date, timeZone));
}

/** Date without the year, "at", then the time: how a voicemail envelope announces a message. */
export function dateTimeFragments(date: Date, timeZone: string, language: PromptLanguage): string[] {
  return [...dateFragments(date, timeZone, language, false), 'at', ...timeFragments(date, timeZone, language)];
}

/** Each character spoken on its own ("1", "2", "*", "#"). */
export function digitFragments(digits: string): string[] {
  return [...digits].flatMap((c) => (c >= '0' && c <= '9' ? [`n-${c}`] : c === '*' ? ['star'] : c === '#' ? ['pound'] : []));
}
