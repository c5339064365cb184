import { parse } from 'csv-parse/sync';
import { ApiError } from '../../errors.js';

/** Header names accepted for each field, in the three languages of the UI. */
const HEADERS: Record<'number' | 'name' | 'email', string[]> = {
  number: ['number', 'extension', 'ramal', 'numero', 'número', 'extensión', 'extension number'],
  name: ['name', 'nome', 'nombre', 'full name', 'nome completo', 'nombre completo'],
  email: ['email', 'e-mail', 'mail', 'correo', 'correo electrónico'],
};

/** Reads an uploaded CSV of extensions (comma or semicolon separated, with a header row). */
export function parseExtensionsCsv(content: string): unknown[] {
  const firstLine = content.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(content, { bom: true, delimiter, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (err) {
    throw new ApiError('VALIDATION', `The CSV file cannot be read: ${(err as Error).message}`, { fields: [{ field: 'file', message: 'sync.err.csvUnreadable' }] });
  }
  const [header = [], ...rows] = records;
  const names = header.map((h) => h.toLowerCase());
  const column = (field: keyof typeof HEADERS) => names.findIndex((n) => HEADERS[field].includes(n));
  const at = { number: column('number'), name: column('name'), email: column('email') };
  if (at.number < 0) throw new ApiError('VALIDATION', 'The CSV file needs a "number" column', { fields: [{ field: 'file', message: 'sync.err.csvNoNumber' }] });
  return rows.map((r) => ({ number: r[at.number] ?? '', name: at.name >= 0 ? (r[at.name] ?? '') : '', email: at.email >= 0 ? r[at.email] || null : null }));
}
