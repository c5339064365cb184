import * as pdfkit from 'pdfkit';
import Helvetica from 'pdfkit/standard-fonts/Helvetica';
import HelveticaBold from 'pdfkit/standard-fonts/HelveticaBold';
import { drawBodyRow, prepareBodyRow, startPage, tableLayout } from './pdf-table.js';
import type { TableLayout } from './pdf-table.js';
import type { TableExport } from './table-export.js';

/** More columns than this do not fit a portrait A4 page legibly. */
const PORTRAIT_MAX_COLUMNS = 5;

/**
 * pdfkit resolves to its browser build under wrangler (conditions workerd/worker/browser), which
 * knows no font until told, and to its Node build under Node, which loads the metrics itself and
 * has no such function: hence the optional call through the namespace.
 */
function registerStandardFonts(): void {
  const api = pdfkit as unknown as { registerStdFonts?: (...fonts: unknown[]) => void };
  api.registerStdFonts?.(Helvetica, HelveticaBold);
}

/**
 * The table as a paginated PDF: header block, column headers and page label on every page.
 * One page is laid out per pull and its bytes handed on as soon as pdfkit writes them, so only
 * the page being filled is in memory however many rows there are (pages are never buffered);
 * what grows is pdfkit's page tree, about 1 kB a page, which a PDF can only write at its end.
 */
export function pdfStream(exp: TableExport): ReadableStream<Uint8Array> {
  registerStandardFonts();
  const PDFDocument = pdfkit.default;
  const doc = new PDFDocument({
    size: 'A4',
    layout: exp.columns.length > PORTRAIT_MAX_COLUMNS ? 'landscape' : 'portrait',
    // pdf-table places everything itself; pdfkit's margins would only trigger page breaks of its own.
    margin: 0,
    font: 'Helvetica',
    info: { Title: exp.title, Creator: 'Ramal' },
  });
  const out = pdfOutput(doc);
  let rows: AsyncIterator<string[]> | undefined;
  let layout: TableLayout | undefined;
  let page = 1;
  let y = 0;
  let rowIndex = 0;

  /** Lays out rows until the current page is full and written; returns false once rows run out. */
  async function fillPage(): Promise<boolean> {
    if (!layout) {
      layout = tableLayout(doc, exp);
      y = startPage(doc, exp, layout, page);
    }
    rows ??= exp.rows[Symbol.asyncIterator]();
    for (;;) {
      const next = await rows.next();
      if (next.done) return false;
      const row = prepareBodyRow(doc, layout, next.value);
      const pageDone = y + row.height > layout.bottom;
      if (pageDone) {
        // addPage ends the full page, which makes pdfkit write it out.
        doc.addPage();
        y = startPage(doc, exp, layout, ++page);
        rowIndex = 0;
      }
      drawBodyRow(doc, layout, row, y, rowIndex++ % 2 === 1);
      y += row.height;
      if (pageDone) return true;
    }
  }

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const more = await fillPage();
        if (!more) doc.end();
        const bytes = await out.take(!more);
        if (bytes.byteLength > 0) controller.enqueue(bytes);
        if (!more) controller.close();
      } catch (err) {
        await rows?.return?.();
        throw err;
      }
    },
    async cancel() {
      // Lets the source release what it holds (a database cursor, say) when the client goes away.
      await rows?.return?.();
    },
  });
}

/**
 * Collects what pdfkit emits. Both of its builds emit 'data' a little after writing (a microtask
 * in the browser build, possibly a tick in Node's stream), so a caller waits for bytes it knows
 * are coming instead of guessing how long that takes.
 */
function pdfOutput(doc: PDFKit.PDFDocument) {
  let chunks: Uint8Array[] = [];
  let ended = false;
  let wake: (() => void) | undefined;
  doc.on('data', (chunk: Uint8Array) => {
    chunks.push(chunk);
    wake?.();
  });
  doc.on('end', () => {
    ended = true;
    wake?.();
  });

  const until = (ready: () => boolean) =>
    new Promise<void>((resolve) => {
      if (ready()) return resolve();
      wake = () => {
        if (!ready()) return;
        wake = undefined;
        resolve();
      };
    });

  return {
    /** Everything written so far as one chunk; waits for some bytes, or for the very end when `toEnd`. */
    async take(toEnd: boolean): Promise<Uint8Array> {
      await until(toEnd ? () => ended : () => chunks.length > 0 || ended);
      const taken = chunks;
      chunks = [];
      return concat(taken);
    },
  };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}
