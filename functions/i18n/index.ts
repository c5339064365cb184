import { en } from './en.js';
import { es } from './es.js';
import { ptBR } from './pt-BR.js';

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

export const LANGUAGES = ['pt-BR', 'en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language by its own name, for the language menus. */
export const LANGUAGE_NAMES: Record<Language, string> = { 'pt-BR': 'Português (Brasil)', en: 'English', es: 'Español' };

export const DICTIONARIES: Record<Language, Messages> = { 'pt-BR': ptBR, en, es };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(en, value);
}

/** A translator for one language; `{name}` placeholders are filled from params. */
export function translator(lang: Language): Translate {
  const dict = DICTIONARIES[lang];
  return (key, params) => {
    // A key built at run time (e.g. from a stored action name) that has no text shows itself.
    const text = dict[key] ?? key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}

/** Translates `text` when it is a message key (zod messages may be keys), else returns it as is. */
export function translateMaybe(t: Translate, text: string): string {
  return isMessageKey(text) ? t(text) : text;
}

/** Picks the best of our languages from an Accept-Language header. */
export function negotiateLanguage(header: string | undefined, fallback: Language): Language {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('pt')) return 'pt-BR';
    if (tag.startsWith('es')) return 'es';
    if (tag.startsWith('en')) return 'en';
  }
  return fallback;
}

/** BCP 47 tag for Intl formatting. */
export const INTL_LOCALE: Record<Language, string> = { 'pt-BR': 'pt-BR', en: 'en-GB', es: 'es' };
