import { describe, expect, it } from 'vitest';
import { numberFragments, SayError } from '../../../media-node/ivr/say/index.js';
import { promptText } from '../../../media-node/prompts/catalogue.js';
import { PROMPT_LANGUAGES, type PromptLanguage } from '../../../media-node/prompts/languages.js';

/** The words a caller hears, from the catalogue texts of the fragments. */
function spoken(n: number, language: PromptLanguage, form: 'plain' | 'feminine' = 'plain'): string {
  return numberFragments(n, language, form)
    .map((id) => promptText(id, language) ?? `<missing ${id}>`)
    .join(' ');
}

const CASES: Record<PromptLanguage, [number, string][]> = {
  en: [
    [0, 'zero'], [1, 'one'], [13, 'thirteen'], [21, 'twenty one'], [100, 'one hundred'], [101, 'one hundred one'],
    [999, 'nine hundred ninety nine'], [1000, 'one thousand'], [1001, 'one thousand one'], [2000000, 'two million'],
    [999999999, 'nine hundred ninety nine million nine hundred ninety nine thousand nine hundred ninety nine'],
  ],
  'pt-BR': [
    [0, 'zero'], [1, 'um'], [21, 'vinte e um'], [100, 'cem'], [101, 'cento e um'], [121, 'cento e vinte e um'],
    [200, 'duzentos'], [1000, 'mil'], [1001, 'mil e um'], [1100, 'mil e cem'], [1250, 'mil duzentos e cinquenta'],
    [2005, 'dois mil e cinco'], [2026, 'dois mil e vinte e seis'], [100000, 'cem mil'], [1000000, 'um milhão'],
    [1000001, 'um milhão e um'], [2000000, 'dois milhões'], [2500000, 'dois milhões e quinhentos mil'],
    [3456789, 'três milhões quatrocentos e cinquenta e seis mil setecentos e oitenta e nove'],
  ],
  es: [
    [0, 'cero'], [1, 'uno'], [21, 'veintiuno'], [22, 'veintidós'], [31, 'treinta y uno'], [100, 'cien'], [101, 'ciento uno'],
    [121, 'ciento veintiuno'], [500, 'quinientos'], [1000, 'mil'], [1001, 'mil uno'], [2026, 'dos mil veintiséis'],
    [21000, 'veintiún mil'], [31000, 'treinta y un mil'], [101000, 'ciento un mil'], [1000000, 'un millón'],
    [2000000, 'dos millones'], [21000000, 'veintiún millones'],
  ],
  fr: [
    [0, 'zéro'], [1, 'un'], [17, 'dix-sept'], [21, 'vingt et un'], [22, 'vingt deux'], [70, 'soixante dix'], [71, 'soixante et onze'],
    [80, 'quatre-vingts'], [81, 'quatre-vingt un'], [97, 'quatre-vingt dix-sept'], [100, 'cent'], [101, 'cent un'],
    [200, 'deux cents'], [201, 'deux cent un'], [1000, 'mille'], [1001, 'mille un'], [2000, 'deux mille'],
    [21000, 'vingt et un mille'], [80000, 'quatre-vingt mille'], [200000, 'deux cent mille'], [1000000, 'un million'],
    [2000000, 'deux millions'], [200000000, 'deux cents millions'],
  ],
  it: [
    [0, 'zero'], [1, 'uno'], [21, 'ventuno'], [23, 'ventitré'], [28, 'ventotto'], [100, 'cento'], [101, 'cento uno'],
    [108, 'cent otto'], [180, 'cent ottanta'], [1000, 'mille'], [1001, 'mille uno'], [2000, 'due mila'],
    [1000000, 'un milione'], [2000000, 'due milioni'],
  ],
  de: [
    [0, 'null'], [1, 'eins'], [21, 'einundzwanzig'], [100, 'ein hundert'], [101, 'ein hundert eins'], [1000, 'ein tausend'],
    [1001, 'ein tausend eins'], [2026, 'zwei tausend sechsundzwanzig'], [101000, 'ein hundert ein tausend'],
    [1000000, 'eine Million'], [2000000, 'zwei Millionen'], [21000000, 'einundzwanzig Millionen'],
  ],
  ja: [
    [0, 'ぜろ'], [1, 'いち'], [10, 'じゅう'], [21, 'に じゅう いち'], [100, 'ひゃく'], [101, 'ひゃく いち'], [300, 'さんびゃく'],
    [600, 'ろっぴゃく'], [800, 'はっぴゃく'], [1000, 'せん'], [1001, 'せん いち'], [3000, 'さんぜん'], [8000, 'はっせん'],
    [10000, 'いち まん'], [2000000, 'にひゃく まん'], [10000000, 'いっせん まん'], [100000000, 'いち おく'],
    [123456789, 'いち おく にせん さんびゃく よん じゅう ご まん ろくせん ななひゃく はち じゅう きゅう'],
  ],
};

describe('numberFragments', () => {
  for (const language of PROMPT_LANGUAGES) {
    it(`${language}: speaks the edge cases with the right grammar`, () => {
      for (const [n, words] of CASES[language]) expect(`${n}: ${spoken(n, language)}`).toBe(`${n}: ${words}`);
    });

    it(`${language}: every fragment of 0–2100 and of large numbers exists in the catalogue`, () => {
      const samples = [...Array.from({ length: 2101 }, (_, i) => i), 10_001, 21_021, 99_999, 100_100, 999_999, 1_000_000, 1_234_567, 20_000_021, 999_999_999];
      for (const n of samples) {
        for (const id of numberFragments(n, language)) expect(promptText(id, language), `${language} ${n} ${id}`).toBeDefined();
      }
    });
  }

  it('feminine forms where the language inflects', () => {
    expect(spoken(1, 'pt-BR', 'feminine')).toBe('uma');
    expect(spoken(22, 'pt-BR', 'feminine')).toBe('vinte e duas');
    expect(spoken(21, 'es', 'feminine')).toBe('veintiuna');
    expect(spoken(21, 'fr', 'feminine')).toBe('vingt et une');
  });

  it('refuses negatives, fractions and numbers past 999 999 999', () => {
    for (const bad of [-1, 1.5, 1_000_000_000, Number.NaN]) {
      expect(() => numberFragments(bad, 'en')).toThrow(SayError);
    }
  });
});
