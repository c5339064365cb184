/**
 * Number words that `say` composes (see media-node/ivr/say/). Ids: `n-<k>` is the word for k;
 * `-f` its feminine, `-short` the form before a noun or multiplier ("un", "ein", "veintiún"),
 * `-compound` the form when more follows ("cento", "ciento", "quatre-vingt", "いっせん"),
 * `-elided` the Italian hundred before otto/ottanta.
 */
import type { PromptLanguage } from './languages.js';

export type PromptTexts = Record<string, Partial<Record<PromptLanguage, string>>>;

export function put(into: PromptTexts, language: PromptLanguage, texts: Record<string, string>): void {
  for (const [id, text] of Object.entries(texts)) into[id] = { ...into[id], [language]: text };
}

const list = (words: string, from = 0): Record<string, string> =>
  Object.fromEntries(words.split(' ').map((w, i) => [`n-${from + i}`, w.replace(/_/g, ' ')]));
const tens = (words: string): Record<string, string> =>
  Object.fromEntries(words.split(' ').map((w, i) => [`n-${(i + 2) * 10}`, w]));
const hundreds = (words: string): Record<string, string> =>
  Object.fromEntries(words.split(' ').map((w, i) => [`n-${(i + 2) * 100}`, w]));

const DE_UNITS = 'null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn fünfzehn sechzehn siebzehn achtzehn neunzehn'.split(' ');
const DE_TENS = 'zwanzig dreißig vierzig fünfzig sechzig siebzig achtzig neunzig'.split(' ');
export function germanWord(n: number): string {
  if (n < 20) return DE_UNITS[n] ?? '';
  const ten = DE_TENS[Math.floor(n / 10) - 2] ?? '';
  const u = n % 10;
  return u ? `${u === 1 ? 'ein' : DE_UNITS[u]}und${ten}` : ten;
}

const IT_UNITS = 'zero uno due tre quattro cinque sei sette otto nove dieci undici dodici tredici quattordici quindici sedici diciassette diciotto diciannove'.split(' ');
const IT_TENS = 'venti trenta quaranta cinquanta sessanta settanta ottanta novanta'.split(' ');
export function italianWord(n: number): string {
  if (n < 20) return IT_UNITS[n] ?? '';
  const ten = IT_TENS[Math.floor(n / 10) - 2] ?? '';
  const u = n % 10;
  if (!u) return ten;
  // "ventuno", "trentotto": the tens lose their vowel before a vowel; "ventitré" takes the accent
  return (u === 1 || u === 8 ? ten.slice(0, -1) : ten) + (u === 3 ? 'tré' : IT_UNITS[u]);
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export function numberPrompts(into: PromptTexts): void {
  put(into, 'en', {
    ...list('zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen'),
    ...tens('twenty thirty forty fifty sixty seventy eighty ninety'),
    hundred: 'hundred', thousand: 'thousand', million: 'million',
  });
  put(into, 'pt-BR', {
    ...list('zero um dois três quatro cinco seis sete oito nove dez onze doze treze quatorze quinze dezesseis dezessete dezoito dezenove'),
    ...tens('vinte trinta quarenta cinquenta sessenta setenta oitenta noventa'),
    'n-100': 'cem', 'n-100-compound': 'cento',
    ...hundreds('duzentos trezentos quatrocentos quinhentos seiscentos setecentos oitocentos novecentos'),
    'n-1-f': 'uma', 'n-2-f': 'duas', and: 'e', thousand: 'mil', million: 'milhão', millions: 'milhões',
  });
  put(into, 'es', {
    ...list('cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciséis diecisiete dieciocho diecinueve veinte veintiuno veintidós veintitrés veinticuatro veinticinco veintiséis veintisiete veintiocho veintinueve'),
    ...tens('veinte treinta cuarenta cincuenta sesenta setenta ochenta noventa'),
    'n-1-short': 'un', 'n-21-short': 'veintiún', 'n-1-f': 'una', 'n-21-f': 'veintiuna',
    'n-100': 'cien', 'n-100-compound': 'ciento',
    ...hundreds('doscientos trescientos cuatrocientos quinientos seiscientos setecientos ochocientos novecientos'),
    and: 'y', thousand: 'mil', million: 'millón', millions: 'millones',
  });
  put(into, 'fr', {
    ...list('zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize dix-sept dix-huit dix-neuf'),
    ...tens('vingt trente quarante cinquante soixante'),
    'n-80': 'quatre-vingts', 'n-80-compound': 'quatre-vingt', 'n-1-f': 'une',
    and: 'et', hundred: 'cent', hundreds: 'cents', thousand: 'mille', million: 'million', millions: 'millions',
  });
  const itHundreds = 'cento duecento trecento quattrocento cinquecento seicento settecento ottocento novecento'.split(' ');
  put(into, 'it', {
    ...Object.fromEntries(range(0, 99).map((n) => [`n-${n}`, italianWord(n)])),
    ...Object.fromEntries(itHundreds.flatMap((w, i) => [[`n-${(i + 1) * 100}`, w], [`n-${(i + 1) * 100}-elided`, w.slice(0, -1)]])),
    'n-1-f': 'una', 'n-1-short': 'un', and: 'e', thousand: 'mille', thousands: 'mila', million: 'milione', millions: 'milioni',
  });
  put(into, 'de', {
    ...Object.fromEntries(range(0, 99).map((n) => [`n-${n}`, germanWord(n)])),
    'n-1-short': 'ein', 'n-1-f': 'eine', hundred: 'hundert', thousand: 'tausend', million: 'Million', millions: 'Millionen',
  });
  // Japanese in kana: espeak-ng reads no kanji.
  put(into, 'ja', {
    ...list('ぜろ いち に さん よん ご ろく なな はち きゅう じゅう'),
    'n-100': 'ひゃく',
    ...hundreds('にひゃく さんびゃく よんひゃく ごひゃく ろっぴゃく ななひゃく はっぴゃく きゅうひゃく'),
    ...Object.fromEntries('せん にせん さんぜん よんせん ごせん ろくせん ななせん はっせん きゅうせん'.split(' ').map((w, i) => [`n-${(i + 1) * 1000}`, w])),
    'n-1000-compound': 'いっせん', man: 'まん', oku: 'おく',
  });
}
