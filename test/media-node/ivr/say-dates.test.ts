import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES, joinFrames } from '../../../media-node/audio/pcm.js';
import { dateFragments, dateTimeFragments, SayError, timeFragments } from '../../../media-node/ivr/say/index.js';
import { say } from '../../../media-node/ivr/verbs/say.js';
import { promptText } from '../../../media-node/prompts/catalogue.js';
import { PROMPT_LANGUAGES, type PromptLanguage } from '../../../media-node/prompts/languages.js';
import { flush, marked, setup } from './helpers.js';

const words = (ids: string[], language: PromptLanguage) => ids.map((id) => promptText(id, language) ?? `<missing ${id}>`).join(' ');
const SP = 'America/Sao_Paulo';
// Thursday 26 November 2026, 15:45 in São Paulo (UTC-3).
const AFTERNOON = new Date('2026-11-26T18:45:00Z');

describe('dateFragments', () => {
  const expected: Record<PromptLanguage, string> = {
    en: 'Thursday November twenty-sixth two thousand twenty six',
    'pt-BR': 'quinta-feira vinte e seis de novembro de dois mil e vinte e seis',
    es: 'jueves veintiséis de noviembre de dos mil veintiséis',
    fr: 'jeudi vingt six novembre deux mille vingt six',
    it: 'giovedì ventisei novembre due mila ventisei',
    de: 'Donnerstag der sechsundzwanzigste November zwei tausend sechsundzwanzig',
    ja: 'にせん に じゅう ろく ねん じゅういちがつ にじゅうろくにち もくようび',
  };
  for (const language of PROMPT_LANGUAGES) {
    it(`${language}: weekday, day, month and year`, () => {
      expect(words(dateFragments(AFTERNOON, SP, language), language)).toBe(expected[language]);
    });
  }

  it('uses the session time zone: the same instant is already Friday in Tokyo', () => {
    expect(dateFragments(AFTERNOON, 'Asia/Tokyo', 'en', false)).toEqual(['weekday-5', 'month-11', 'day-27']);
  });

  it('says the first of the month as an ordinal where the language does', () => {
    const first = new Date('2026-05-01T12:00:00Z');
    expect(words(dateFragments(first, SP, 'pt-BR', false), 'pt-BR')).toBe('sexta-feira primeiro de maio');
    expect(words(dateFragments(first, SP, 'fr', false), 'fr')).toBe('vendredi premier mai');
    expect(words(dateFragments(first, SP, 'de', false), 'de')).toBe('Freitag der erste Mai');
    expect(words(dateFragments(first, SP, 'ja', false), 'ja')).toBe('ごがつ ついたち きんようび');
  });

  it('every day of a year has all its fragments in every language', () => {
    for (const language of PROMPT_LANGUAGES) {
      for (let day = 0; day < 366; day++) {
        const date = new Date(Date.UTC(2028, 0, 1, 15) + day * 86_400_000);
        for (const id of dateFragments(date, SP, language)) expect(promptText(id, language), `${language} ${id}`).toBeDefined();
      }
    }
  });

  it('rejects an invalid date and an unknown time zone', () => {
    expect(() => dateFragments(new Date('nope'), SP, 'en')).toThrow(SayError);
    expect(() => dateFragments(AFTERNOON, 'Mars/Olympus', 'en')).toThrow(SayError);
  });
});

describe('timeFragments', () => {
  const at = (hh: number, mm: number) => new Date(Date.UTC(2026, 10, 26, hh + 3, mm)); // São Paulo wall clock
  const cases: [PromptLanguage, number, number, string][] = [
    ['en', 15, 45, 'three forty five p m'],
    ['en', 0, 5, "twelve oh five a m"],
    ['en', 12, 0, "twelve o'clock p m"],
    ['pt-BR', 15, 45, 'quinze horas e quarenta e cinco minutos'],
    ['pt-BR', 1, 1, 'uma hora e um minuto'],
    ['pt-BR', 22, 0, 'vinte e duas horas'],
    ['es', 21, 31, 'veintiuna horas y treinta y un minutos'],
    ['es', 1, 0, 'una hora'],
    ['fr', 21, 1, 'vingt et une heures une'],
    ['fr', 0, 30, 'zéro heure trente'],
    ['it', 15, 45, 'ore quindici e quarantacinque'],
    ['de', 1, 5, 'ein Uhr fünf'],
    ['de', 15, 45, 'fünfzehn Uhr fünfundvierzig'],
    ['ja', 15, 45, 'じゅうごじ よんじゅうごふん'],
    ['ja', 4, 1, 'よじ いっぷん'],
    ['ja', 9, 10, 'くじ じゅっぷん'],
  ];
  for (const [language, hh, mm, text] of cases) {
    it(`${language} ${hh}:${String(mm).padStart(2, '0')} → ${text}`, () => {
      expect(words(timeFragments(at(hh, mm), SP, language), language)).toBe(text);
    });
  }

  it('every minute of the day has all its fragments in every language', () => {
    for (const language of PROMPT_LANGUAGES) {
      for (let minute = 0; minute < 1440; minute++) {
        for (const id of timeFragments(at(0, minute), SP, language)) expect(promptText(id, language), `${language} ${id}`).toBeDefined();
      }
    }
  });

  it('dateTime joins the date without year, "at" and the time', () => {
    expect(words(dateTimeFragments(AFTERNOON, SP, 'pt-BR'), 'pt-BR')).toBe('quinta-feira vinte e seis de novembro às quinze horas e quarenta e cinco minutos');
  });
});

describe('say verb', () => {
  it('plays the fragments of a number in order as one utterance', async () => {
    const { media, prompts, session } = setup('pt-BR');
    prompts.set('pt-BR', 'n-20', marked(FRAME_SAMPLES, 20)).set('pt-BR', 'and', marked(FRAME_SAMPLES, 99)).set('pt-BR', 'n-1', marked(FRAME_SAMPLES, 1));
    const result = say({ number: 21 }).exec(session);
    await flush();
    media.tick(3);
    await expect(result).resolves.toBe('done');
    expect(Array.from(joinFrames(media.sent).filter((_, i) => i % FRAME_SAMPLES === 0))).toEqual([20, 99, 1]);
  });

  it('skips a missing fragment instead of failing', async () => {
    const { media, prompts, session } = setup('en');
    prompts.set('en', 'n-5', marked(FRAME_SAMPLES, 5));
    const result = say({ digits: '15' }).exec(session);
    await flush();
    media.tick(1);
    await expect(result).resolves.toBe('done');
    expect(media.sent.length).toBe(1);
  });

  it('refuses an out-of-range number when the script builds the verb', () => {
    expect(() => say({ number: 1e10 })).toThrow(SayError);
    expect(() => say({})).toThrow(SayError);
  });
});
