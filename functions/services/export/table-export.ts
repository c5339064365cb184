/** One column of an exported table, in display order. */
export interface ExportColumn {
  key: string;
  label: string;
  /** Relative weight of the column's width in the PDF; 1 when absent. Ignored by CSV. */
  width?: number;
}

/**
 * What every data table hands to the CSV and PDF exporters: the current filtered result, already
 * formatted and translated by the caller, so the exporters never know about resources or locales.
 */
export interface TableExport {
  /** E.g. "Users". */
  title: string;
  /** Human text of the active filter, e.g. 'Search: "ana" · sorted by Name'; '' when none. */
  filter: string;
  /** Already formatted date-time text for the header. */
  generatedAt: string;
  columns: ExportColumn[];
  /**
   * Cell texts in column order, already formatted. May hold 100 000+ rows, so the exporters pull
   * it lazily and never collect it; a row shorter than `columns` is padded with empty cells.
   */
  rows: AsyncIterable<string[]>;
  /** E.g. n => `Page ${n}`, translated by the caller. */
  pageLabel: (page: number) => string;
}
