/** The seven languages the node speaks; every prompt id may exist in each of them. */
export const PROMPT_LANGUAGES = ['pt-BR', 'en', 'es', 'ja', 'de', 'it', 'fr'] as const;
export type PromptLanguage = (typeof PROMPT_LANGUAGES)[number];

/** espeak-ng voice per language (`espeak-ng --voices`). */
export const ESPEAK_VOICES: Record<PromptLanguage, string> = {
  'pt-BR': 'pt-br',
  en: 'en-us',
  es: 'es',
  ja: 'ja',
  de: 'de',
  it: 'it',
  fr: 'fr',
};

export function isPromptLanguage(value: string): value is PromptLanguage {
  return (PROMPT_LANGUAGES as readonly string[]).includes(value);
}
