import type { TableExport } from './table-export.js';
import { toWinAnsi } from './win-ansi.js';

/**
 * Drawing of one table page: header block, column header row, body rows and footer. Every
 * position is computed here and text is drawn with explicit sizes, so pdfkit never breaks a page
 * on its own: pages are added only by the caller, which keeps the output streamable.
 */

const MARGIN = 36;
const PAD_X = 4;
const PAD_Y = 3;
const BODY_SIZE = 8;
const HEAD_SIZE = 8;
const TITLE_SIZE = 14;
const META_SIZE = 8.5;
/** A long cell wraps to this many lines and ends with '…', so one cell cannot fill a page. */
const BODY_MAX_LINES = 3;
const HEAD_MAX_LINES = 2;
const FILTER_MAX_LINES = 2;
/** Helvetica's narrowest WinAnsi glyph (') is 0.191 em; text longer than lines × width ÷ this cannot fit. */
const NARROWEST_GLYPH_EM = 0.18;

const INK = '#111827';
const MUTED = '#4b5563';
const HEAD_FILL = '#e5e7eb';
const ZEBRA_FILL = '#f3f4f6';
const RULE = '#9ca3af';

type Doc = PDFKit.PDFDocument;

export interface TableLayout {
  columns: { x: number; width: number }[];
  left: number;
  width: number;
  /** Lowest y a row may reach; the footer lives below it. */
  bottom: number;
  header: PreparedRow;
}

export interface PreparedRow {
  texts: string[];
  /** Lines each cell takes, from 1 to the row's limit. */
  lines: number[];
  /** Cells that fit on one line unwrapped, drawn without pdfkit's line wrapper (most of a cell's cost). */
  fits: boolean[];
  height: number;
}

/** Splits the printable width between the columns in proportion to their weights. */
export function tableLayout(doc: Doc, exp: TableExport): TableLayout {
  const left = MARGIN;
  const width = doc.page.width - 2 * MARGIN;
  const weights = exp.columns.map((c) => (c.width !== undefined && c.width > 0 ? c.width : 1));
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  let x = left;
  const columns = weights.map((w) => {
    const col = { x, width: (width * w) / total };
    x += col.width;
    return col;
  });
  doc.font('Helvetica-Bold').fontSize(HEAD_SIZE);
  const header = prepareRow(doc, columns, exp.columns.map((c) => c.label), HEAD_MAX_LINES, HEAD_SIZE);
  return { columns, left, width, bottom: doc.page.height - MARGIN, header };
}

/** Draws what every page repeats and returns the y where its rows start. */
export function startPage(doc: Doc, exp: TableExport, layout: TableLayout, page: number): number {
  const y = drawHeading(doc, exp, layout, page);
  doc.rect(layout.left, y, layout.width, layout.header.height).fill(HEAD_FILL);
  doc.font('Helvetica-Bold').fontSize(HEAD_SIZE);
  drawCells(doc, layout, layout.header, y);
  const bodyTop = y + layout.header.height;
  doc.moveTo(layout.left, bodyTop).lineTo(layout.left + layout.width, bodyTop).lineWidth(0.75).stroke(RULE);
  return bodyTop;
}

/** Cleans and measures a body row with the body font; call before deciding where it goes. */
export function prepareBodyRow(doc: Doc, layout: TableLayout, cells: string[]): PreparedRow {
  doc.font('Helvetica').fontSize(BODY_SIZE);
  return prepareRow(doc, layout.columns, cells, BODY_MAX_LINES, BODY_SIZE);
}

export function drawBodyRow(doc: Doc, layout: TableLayout, row: PreparedRow, y: number, shaded: boolean): void {
  if (shaded) doc.rect(layout.left, y, layout.width, row.height).fill(ZEBRA_FILL);
  doc.font('Helvetica').fontSize(BODY_SIZE);
  drawCells(doc, layout, row, y);
}

/** Title, filter and generation time at the top, page label at the bottom; returns the y below them. */
function drawHeading(doc: Doc, exp: TableExport, layout: TableLayout, page: number): number {
  const { left, width } = layout;
  let y = MARGIN;
  doc.font('Helvetica-Bold').fontSize(TITLE_SIZE);
  const titleHeight = doc.currentLineHeight(true);
  doc.fillColor(INK).text(toWinAnsi(exp.title), left, y, { width, height: titleHeight + 0.5, ellipsis: true });
  y += titleHeight + 2;
  doc.font('Helvetica').fontSize(META_SIZE);
  const lineHeight = doc.currentLineHeight(true);
  for (const text of [exp.filter, exp.generatedAt]) {
    if (text === '') continue;
    const clean = toWinAnsi(text);
    const lines = Math.min(FILTER_MAX_LINES, Math.max(1, Math.round(doc.heightOfString(clean, { width }) / lineHeight)));
    doc.fillColor(MUTED).text(clean, left, y, { width, height: lines * lineHeight + 0.5, ellipsis: true });
    y += lines * lineHeight;
  }
  const label = toWinAnsi(exp.pageLabel(page));
  doc.fillColor(MUTED).text(label, left, layout.bottom + 12, { width, height: lineHeight + 0.5, align: 'center' });
  return y + 8;
}

function prepareRow(doc: Doc, columns: TableLayout['columns'], cells: string[], maxLines: number, size: number): PreparedRow {
  const lineHeight = doc.currentLineHeight(true);
  const texts: string[] = [];
  const lines: number[] = [];
  const fits: boolean[] = [];
  columns.forEach((col, i) => {
    const inner = col.width - 2 * PAD_X;
    // Anything past what maxLines lines could ever hold is cut before measuring, so a
    // 100 kB note costs as much as a short one; the wrapper still ends it with '…'.
    const cap = maxLines * Math.ceil(inner / (NARROWEST_GLYPH_EM * size)) + 1;
    const text = toWinAnsi((cells[i] ?? '').slice(0, cap));
    texts.push(text);
    const fit = !text.includes('\n') && doc.widthOfString(text) <= inner;
    fits.push(fit);
    if (fit) {
      lines.push(1);
    } else {
      const measured = Math.round(doc.heightOfString(text, { width: inner }) / lineHeight);
      lines.push(Math.min(maxLines, Math.max(1, measured)));
    }
  });
  return { texts, lines, fits, height: Math.max(1, ...lines) * lineHeight + 2 * PAD_Y };
}

function drawCells(doc: Doc, layout: TableLayout, row: PreparedRow, y: number): void {
  const lineHeight = doc.currentLineHeight(true);
  // pdfkit puts a line's whole gap below the text; half of it above centres the text in the row.
  const top = y + PAD_Y + (lineHeight - doc.currentLineHeight(false)) / 2;
  doc.fillColor(INK);
  layout.columns.forEach((col, i) => {
    const text = row.texts[i] ?? '';
    const lines = row.lines[i] ?? 1;
    if (text === '') return;
    const x = col.x + PAD_X;
    if (row.fits[i]) {
      doc.text(text, x, top, { lineBreak: false });
    } else {
      doc.text(text, x, top, { width: col.width - 2 * PAD_X, height: lines * lineHeight + 0.5, ellipsis: true });
    }
  });
}
