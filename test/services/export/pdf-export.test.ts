import { describe, expect, it } from 'vitest';
import { pdfStream } from '../../../functions/services/export/pdf-export.js';
import { pdfInfo, pdfPages, pdfWords } from './fixtures/poppler.js';
import { columns, countingRows, readAll, table } from './fixtures/sample-table.js';

const SIX = ['Ramal', 'Nome', 'E-mail', 'Telefone', 'Situação', 'Criado em'];
const latin1 = new TextDecoder('latin1');

function person(i: number): string[] {
  return [`${1000 + i}`, `João Ñandú ${i}`, `user${i}@example.com`, '+55 11 99999-0000', 'ação', '01/09/2025'];
}

async function pdfOf(count: number, make: (i: number) => string[] = person, labels = SIX): Promise<Uint8Array> {
  return readAll(pdfStream(table(columns(labels), countingRows(count, make).rows)));
}

describe('pdfStream', () => {
  it('writes a complete PDF file', async () => {
    const pdf = await pdfOf(10);
    expect(latin1.decode(pdf.slice(0, 5))).toBe('%PDF-');
    expect(latin1.decode(pdf.slice(-7)).trim()).toBe('%%EOF');
    expect(pdfInfo(pdf).Pages).toBe('1');
  });

  it('spreads rows over a plausible number of pages and labels each one', async () => {
    const pdf = await pdfOf(500);
    const pages = pdfPages(pdf);
    // One-line rows are ~15 pt high; a landscape A4 page has room for 25-35 of them.
    expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(500 / 35));
    expect(pages.length).toBeLessThanOrEqual(Math.ceil(500 / 25));
    expect(pdfInfo(pdf).Pages).toBe(String(pages.length));
    pages.forEach((text, i) => {
      expect(text).toContain('Usuários do ramal');
      expect(text).toContain('Busca: "ção" · ordenado por Nome');
      expect(text).toContain('Gerado em 01/09/2025 10:00');
      for (const label of SIX) expect(text).toContain(label);
      expect(text).toContain(`Página ${i + 1}`);
    });
    expect(pages.join('\n')).toContain('João Ñandú 499');
  });

  it('keeps Portuguese and Spanish accents through text extraction', async () => {
    // Whitespace is normalised because a cell may wrap onto two lines.
    const text = pdfPages(await pdfOf(1, () => ['São João: ação, pêssego, índio, ótimo, à vista', 'Ñandú ¿qué? ¡sí!', 'Çá', '€ “aspas” – —', 'x', 'y'])).join('').replace(/\s+/g, ' ');
    for (const s of ['São João: ação, pêssego, índio, ótimo, à vista', 'Ñandú ¿qué? ¡sí!', 'Çá', '€ “aspas” – —']) expect(text).toContain(s);
  });

  it('writes characters outside WinAnsi as their Latin base letter or ?', async () => {
    const text = pdfPages(await pdfOf(1, () => ['Nguyễn', 'Łukasz', '山田', 'Ｆｕｌｌ', 'e\u0301', 'x'])).join('');
    expect(text).toContain('Nguyen');
    expect(text).toContain('Lukasz');
    expect(text).toContain('??');
    expect(text).toContain('Full');
    expect(text).toContain('é');
    expect(text).not.toContain('山');
  });

  it('uses landscape for more than five columns and portrait otherwise', async () => {
    expect(pdfInfo(await pdfOf(1))['Page size']).toMatch(/^841\.89 x 595\.28/);
    const narrow = await pdfOf(1, (i) => [`${i}`, 'a', 'b'], ['Um', 'Dois', 'Três']);
    expect(pdfInfo(narrow)['Page size']).toMatch(/^595\.28 x 841\.89/);
  });

  it('wraps long cells, ends them with an ellipsis and never lets rows overlap', async () => {
    // Every word of row k reads "rkx", so its position on the page tells which row it belongs to.
    const rows = 60;
    const pdf = await pdfOf(rows, (k) => SIX.map((_, c) => Array(c === 1 ? 400 : 1).fill(`r${k}x`).join(' ')));
    const words = pdfWords(pdf).filter((w) => /^r\d+x/.test(w.text));
    expect(words.some((w) => w.text.endsWith('…'))).toBe(true);
    const extent = new Map<number, { page: number; top: number; bottom: number; count: number }>();
    for (const w of words) {
      const k = Number(w.text.slice(1, w.text.indexOf('x')));
      const e = extent.get(k) ?? { page: w.page, top: Infinity, bottom: -Infinity, count: 0 };
      expect(w.page).toBe(e.page);
      extent.set(k, { page: e.page, top: Math.min(e.top, w.yMin), bottom: Math.max(e.bottom, w.yMax), count: e.count + 1 });
    }
    expect(extent.size).toBe(rows);
    for (let k = 1; k < rows; k++) {
      const prev = extent.get(k - 1)!;
      const cur = extent.get(k)!;
      if (cur.page === prev.page) expect(cur.top).toBeGreaterThan(prev.bottom);
      else expect(cur.page).toBe(prev.page + 1);
      // The long cell is cut to three lines instead of printing all 400 words.
      expect(cur.count).toBeLessThan(100);
    }
  });

  it('writes a header-only page for an empty result', async () => {
    const pdf = await pdfOf(0);
    expect(pdfInfo(pdf).Pages).toBe('1');
    expect(pdfPages(pdf)[0]).toContain('Página 1');
  });

  it('pulls rows only as the consumer reads, and closes the source on cancel', async () => {
    const total = 100_000;
    const source = countingRows(total, person);
    const reader = pdfStream(table(columns(SIX), source.rows)).getReader();
    const first = await reader.read();
    expect(latin1.decode(first.value?.slice(0, 5))).toBe('%PDF-');
    // A page holds about 30 rows; the stream may have laid out one more page ahead.
    expect(source.pulled()).toBeLessThan(200);
    await reader.cancel();
    expect(source.closed()).toBe(true);
  });

  it('errors the stream when the source fails', async () => {
    const source = countingRows(1_000, person, 300);
    await expect(readAll(pdfStream(table(columns(SIX), source.rows)))).rejects.toThrow('source failed at row 300');
  });
});
