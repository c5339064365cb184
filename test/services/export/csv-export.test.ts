import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvStream } from '../../../functions/services/export/csv-export.js';
import { columns, countingRows, readAll, table } from './fixtures/sample-table.js';

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

async function csvOf(rows: string[][], labels = ['Nome', 'Observação']): Promise<{ bytes: Uint8Array; text: string }> {
  const source = countingRows(rows.length, (i) => rows[i] ?? []);
  const bytes = await readAll(csvStream(table(columns(labels), source.rows)));
  return { bytes, text: decoder.decode(bytes) };
}

function records(text: string): string[][] {
  return parse(text, { bom: true, relax_column_count: false }) as string[][];
}

describe('csvStream', () => {
  it('starts with a UTF-8 BOM and a header row of the column labels', async () => {
    const { bytes, text } = await csvOf([['Ana', 'ok']]);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.startsWith('\uFEFFNome,Observação\r\n')).toBe(true);
  });

  it('ends every record with CRLF and has no bare line feed outside quotes', async () => {
    const { text } = await csvOf([['Ana', 'um'], ['Bia', 'dois']]);
    expect(text).toBe('\uFEFFNome,Observação\r\nAna,um\r\nBia,dois\r\n');
  });

  it('quotes commas, quotes and line breaks so they round-trip', async () => {
    const tricky = [
      ['Silva, Ana', 'diz "olá"'],
      ['linha 1\nlinha 2', 'cr\r\nlf'],
      ['', ' espaços '],
    ];
    const { text } = await csvOf(tricky);
    expect(text).toContain('"Silva, Ana","diz ""olá"""\r\n');
    expect(text).toContain('"linha 1\nlinha 2","cr\r\nlf"\r\n');
    expect(records(text)).toEqual([['Nome', 'Observação'], ...tricky]);
  });

  it('writes accents and non-Latin text as UTF-8', async () => {
    const { bytes, text } = await csvOf([['João Ñandú', 'ação, coração ¿sí? 山田太郎']]);
    expect(records(text)[1]).toEqual(['João Ñandú', 'ação, coração ¿sí? 山田太郎']);
    // 'ã' is two bytes in UTF-8 (c3 a3), not one as in Latin-1.
    expect(Buffer.from(bytes).includes(Buffer.from([0xc3, 0xa3]))).toBe(true);
  });

  it.each(['=', '+', '-', '@', '\t', '\r', '\uFF1D'])('escapes a cell starting with %j against formula injection', async (prefix) => {
    const cell = `${prefix}HYPERLINK("http://evil","x")`;
    const { text } = await csvOf([[cell, 'a=b+c-d@e']]);
    const [, row] = records(text);
    expect(row).toEqual([`'${cell}`, 'a=b+c-d@e']);
  });

  it('leaves title and filter out of the file', async () => {
    const { text } = await csvOf([['Ana', 'ok']]);
    expect(text).not.toContain('Usuários do ramal');
    expect(text).not.toContain('Busca');
  });

  it('pads short rows and cuts long ones to the number of columns', async () => {
    const { text } = await csvOf([['só um'], ['a', 'b', 'sobra']]);
    expect(records(text).slice(1)).toEqual([['só um', ''], ['a', 'b']]);
  });

  it('writes only the header for an empty result', async () => {
    const { text } = await csvOf([]);
    expect(text).toBe('\uFEFFNome,Observação\r\n');
  });

  it('pulls rows only as the consumer reads', async () => {
    const total = 100_000;
    const source = countingRows(total, (i) => [`user ${i}`, 'ok']);
    const reader = csvStream(table(columns(['Nome', 'Observação']), source.rows)).getReader();
    await reader.read(); // header
    const first = await reader.read();
    expect(first.value?.byteLength).toBeGreaterThan(0);
    expect(source.pulled()).toBeLessThan(2_000);
    await reader.cancel();
    expect(source.closed()).toBe(true);
    expect(source.pulled()).toBeLessThan(2_000);
  });

  it('delivers every row of a large result', async () => {
    const total = 20_000;
    const source = countingRows(total, (i) => [`user ${i}`, `nota, ${i}`]);
    const text = decoder.decode(await readAll(csvStream(table(columns(['Nome', 'Nota']), source.rows))));
    const parsed = records(text);
    expect(parsed).toHaveLength(total + 1);
    expect(parsed[total]).toEqual([`user ${total - 1}`, `nota, ${total - 1}`]);
  });

  it('errors the stream when the source fails', async () => {
    const source = countingRows(1_000, (i) => [`user ${i}`, 'ok'], 700);
    await expect(readAll(csvStream(table(columns(['Nome', 'Nota']), source.rows)))).rejects.toThrow('source failed at row 700');
  });
});
