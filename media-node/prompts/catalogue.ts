/**
 * Every prompt the node can speak, with its text per language; the generator speaks these with
 * espeak-ng and recorded WAV files in `<promptsDir>/custom/<lang>/<id>.wav` replace them.
 * General sentences exist in all seven languages; `say` fragments only where a language uses them.
 */
import { calendarPrompts } from './catalogue-calendar.js';
import { generalPrompts, GENERAL_PROMPT_IDS } from './catalogue-general.js';
import { numberPrompts, type PromptTexts } from './catalogue-numbers.js';
import type { PromptLanguage } from './languages.js';

export type { PromptTexts } from './catalogue-numbers.js';
export { GENERAL_PROMPT_IDS };

function build(): PromptTexts {
  const all: PromptTexts = {};
  generalPrompts(all);
  numberPrompts(all);
  calendarPrompts(all);
  return all;
}

export const CATALOGUE: Readonly<PromptTexts> = build();

export function promptText(id: string, language: PromptLanguage): string | undefined {
  return CATALOGUE[id]?.[language];
}

/** Ids that have a text in `language`. */
export function promptIds(language: PromptLanguage): string[] {
  return Object.keys(CATALOGUE).filter((id) => CATALOGUE[id]?.[language] !== undefined);
}
