import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DICTIONARIES, LANGUAGES, negotiateLanguage, translator } from '../../functions/i18n/index.js';
import { VERSION } from '../../functions/version.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const reference = DICTIONARIES.en;

describe('UI texts in pt-BR, en and es', () => {
  it.each(LANGUAGES)('%s has exactly the keys of the reference dictionary', (lang) => {
    expect(Object.keys(DICTIONARIES[lang]).sort()).toEqual(Object.keys(reference).sort());
  });

  it.each(LANGUAGES)('%s has no empty text and keeps every placeholder', (lang) => {
    for (const [key, text] of Object.entries(DICTIONARIES[lang])) {
      expect(text.trim(), key).not.toBe('');
      expect(placeholders(text), key).toEqual(placeholders(reference[key as keyof typeof reference]));
    }
  });

  it('pt-BR and es are translations, not copies of English, for sentences', () => {
    const sentences = Object.entries(reference).filter(([, text]) => text.split(' ').length >= 4);
    for (const lang of ['pt-BR', 'es'] as const) {
      const copied = sentences.filter(([key, text]) => DICTIONARIES[lang][key as keyof typeof reference] === text).map(([key]) => key);
      expect(copied, lang).toEqual([]);
    }
  });

  it('fills placeholders and picks the language from Accept-Language', () => {
    expect(translator('pt-BR')('table.total', { total: 3 })).toBe('3 no total');
    expect(negotiateLanguage('es-AR,es;q=0.9,en;q=0.5', 'en')).toBe('es');
    expect(negotiateLanguage('fr-FR, en;q=0.3', 'pt-BR')).toBe('en');
    expect(negotiateLanguage('de', 'pt-BR')).toBe('pt-BR');
  });

  it('keeps the shown version equal to package.json', () => {
    expect(VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});
