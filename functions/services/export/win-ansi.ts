/**
 * The PDF uses the standard Helvetica fonts, whose WinAnsi encoding holds Latin-1 plus a few
 * typographic marks: every character of Portuguese, Spanish and English. pdfkit writes any other
 * character as garbage bytes, so text is brought into WinAnsi here first, as faithfully as it
 * can be: 'ễ' becomes 'e', 'Ｆ' becomes 'F', 'ł' becomes 'l', and what has no Latin look-alike
 * (Japanese, Cyrillic, emoji) becomes '?'. The CSV export keeps the exact text.
 */

/** Characters beyond Latin-1 that WinAnsi places in 0x80–0x9F. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Letters and marks that Unicode does not decompose into a Latin base letter. */
const LOOK_ALIKES: Record<string, string> = {
  Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i', Ŧ: 'T', ŧ: 't', Ŋ: 'N', ŋ: 'n',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2212': '-', '\u2032': "'", '\u2033': '"',
};

/** Fast check: printable ASCII, Latin-1 and line feeds only, which most cells are. */
const PLAIN = /^[\x20-\x7e\xa0-\xff\n]*$/;

const COMBINING_MARKS = /\p{M}/gu;

function isWinAnsi(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch);
}

function toWinAnsiChar(ch: string): string {
  if (isWinAnsi(ch)) return ch;
  const code = ch.codePointAt(0) ?? 0;
  // Tabs and other control characters would print as nothing or as a wrong glyph.
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return ' ';
  const lookAlike = LOOK_ALIKES[ch];
  if (lookAlike !== undefined) return lookAlike;
  // Compatibility decomposition without the accents keeps the base letter: 'ř' -> 'r', 'ﬁ' -> 'fi'.
  const base = ch.normalize('NFKD').replace(COMBINING_MARKS, '');
  if (base !== '' && [...base].every(isWinAnsi)) return base;
  return '?';
}

/** `text` with line ends as '\n' and every other character representable in WinAnsi. */
export function toWinAnsi(text: string): string {
  if (PLAIN.test(text)) return text;
  // NFC first, so a letter typed as base + combining accent keeps its accent ('é', not 'e?').
  const composed = text.replace(/\r\n?/g, '\n').normalize('NFC');
  let out = '';
  // for…of walks code points, so an emoji (two UTF-16 units) becomes one '?', not two.
  for (const ch of composed) out += ch === '\n' ? ch : toWinAnsiChar(ch);
  return out;
}
