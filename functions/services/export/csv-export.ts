import { stringify } from 'csv-stringify/sync';
import type { Options } from 'csv-stringify/sync';
import type { TableExport } from './table-export.js';

/** Rows turned into one chunk: big enough to amortise the per-call cost, small enough to stay bounded. */
const ROWS_PER_CHUNK = 256;

/** Excel (the main consumer) only detects UTF-8 when the file starts with a BOM. */
const BOM = '\uFEFF';

const CSV_OPTIONS: Options = {
  // RFC 4180: CRLF after every record, fields quoted only when they hold a comma, quote, CR or LF.
  record_delimiter: 'windows',
  // Needed: once record_delimiter is set, csv-stringify stops quoting a field holding a lone LF or
  // CR, which RFC 4180 requires quoted and every reader splits into two records otherwise.
  quote_record_delimiter: true,
  eof: true,
  // Prefixes ' to cells starting with = + - @ TAB CR (and their full-width forms), so a
  // spreadsheet shows user-typed text instead of running it as a formula (CSV injection).
  escape_formulas: true,
};

/**
 * The table as RFC 4180 CSV in UTF-8 with a BOM: a header row of column labels, then the rows.
 * Title and filter are left out on purpose: a CSV is data for other programs, not a report.
 * Rows are read from `exp.rows` only when the consumer pulls, so memory stays bounded however
 * large the result is.
 */
export function csvStream(exp: TableExport): ReadableStream<Uint8Array> {
  const width = exp.columns.length;
  const encoder = new TextEncoder();
  let rows: AsyncIterator<string[]> | undefined;
  let headerSent = false;

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        const header = stringify([exp.columns.map((c) => c.label)], CSV_OPTIONS);
        controller.enqueue(encoder.encode(BOM + header));
        return;
      }
      rows ??= exp.rows[Symbol.asyncIterator]();
      const batch: string[][] = [];
      let done = false;
      while (batch.length < ROWS_PER_CHUNK) {
        const next = await rows.next();
        if (next.done) {
          done = true;
          break;
        }
        batch.push(fitRow(next.value, width));
      }
      if (batch.length > 0) controller.enqueue(encoder.encode(stringify(batch, CSV_OPTIONS)));
      if (done) controller.close();
    },
    async cancel() {
      // Lets the source release what it holds (a database cursor, say) when the client goes away.
      await rows?.return?.();
    },
  });
}

/** Every record gets exactly one cell per column, so a short or long row cannot shift the file. */
function fitRow(row: string[], width: number): string[] {
  if (row.length === width) return row;
  return Array.from({ length: width }, (_, i) => row[i] ?? '');
}
