import { and, asc, desc, or, sql, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { fieldError } from '../../errors.js';
import type { MessageKey } from '../../i18n/index.js';
import { containsFolded, foldText } from './fold.js';
import { likePattern, searchWords, type ListPage, type ListQuery } from './list-query.js';

/** How cell values become text in pages and exports. */
export interface FormatContext {
  locale: string;
  timeZone: string;
  t: (key: MessageKey) => string;
}

export interface ColumnDef<Row> {
  key: string;
  label: MessageKey;
  /** SQL expression to sort by; must never be NULL (wrap with coalesce), since export pages by it. */
  sortBy?: SQL | AnySQLiteColumn;
  /** The row's value of `sortBy`, for the export cursor. */
  sortValue?: (row: Row) => string | number;
  /**
   * How the search box matches this column: an expression whose text is compared ignoring accents
   * and case, or a function building the condition for one folded word (a stored folded column,
   * an IN subquery).
   */
  search?: SQL | AnySQLiteColumn | ((word: string) => SQL);
  text: (row: Row, ctx: FormatContext) => string;
  /** Relative width in the PDF. */
  width?: number;
}

/** One list of the data table: its columns and how to fetch its rows inside a scope. */
export interface ListSpec<Row extends { id: string }> {
  columns: ColumnDef<Row>[];
  defaultSort: string;
  /** The id column, the tie-breaker of every sort. */
  idColumn: AnySQLiteColumn;
  fetch: (where: SQL | undefined, orderBy: SQL[], limit: number, offset: number) => Promise<Row[]>;
  count: (where: SQL | undefined) => Promise<number>;
}

interface ResolvedSort<Row> {
  column: ColumnDef<Row>;
  expr: SQL | AnySQLiteColumn;
  descending: boolean;
  key: string;
}

function resolveSort<Row extends { id: string }>(spec: ListSpec<Row>, requested: string | undefined): ResolvedSort<Row> {
  const key = requested ?? spec.defaultSort;
  const name = key.replace(/^-/, '');
  const column = spec.columns.find((c) => c.key === name && c.sortBy);
  if (!column?.sortBy) {
    const allowed = spec.columns.filter((c) => c.sortBy).map((c) => c.key).join(', ');
    throw fieldError('sort', `unknown column "${name}"; sortable: ${allowed}`);
  }
  return { column, expr: column.sortBy, descending: key.startsWith('-'), key };
}

function searchCondition<Row extends { id: string }>(spec: ListSpec<Row>, q: string): SQL | undefined {
  const targets = spec.columns.flatMap((c) => (c.search ? [c.search] : []));
  const words = searchWords(foldText(q));
  if (!words.length || !targets.length) return undefined;
  const match = (target: NonNullable<ColumnDef<Row>['search']>, word: string) => (typeof target === 'function' ? target(word) : containsFolded(target, word));
  return and(...words.map((w) => or(...targets.map((t) => match(t, w)))));
}

/** A search target over a column that already holds folded text (see fold.ts): a plain LIKE. */
export function foldedColumn(column: SQL | AnySQLiteColumn): (word: string) => SQL {
  return (word) => sql`${column} like ${likePattern(word)} escape '\\'`;
}

function orderBy<Row>(sort: ResolvedSort<Row>, idColumn: AnySQLiteColumn): SQL[] {
  const dir = sort.descending ? desc : asc;
  return [dir(sort.expr), dir(idColumn)];
}

/** One page for the screen or the JSON API. */
export async function listPage<Row extends { id: string }>(spec: ListSpec<Row>, query: ListQuery): Promise<ListPage<Row>> {
  const sort = resolveSort(spec, query.sort);
  const where = searchCondition(spec, query.q);
  const [items, total] = await Promise.all([
    spec.fetch(where, orderBy(sort, spec.idColumn), query.pageSize, (query.page - 1) * query.pageSize),
    spec.count(where),
  ]);
  return { items, total, page: query.page, pageSize: query.pageSize, sort: sort.key, q: query.q };
}

/**
 * Every row of the filtered, sorted result, fetched in chunks by keyset (sort value, id), so an
 * export of 100 000 rows holds one chunk in memory and never re-scans skipped rows.
 */
export async function* listAll<Row extends { id: string }>(spec: ListSpec<Row>, query: ListQuery, chunk = 500): AsyncGenerator<Row> {
  const sort = resolveSort(spec, query.sort);
  const where = searchCondition(spec, query.q);
  const order = orderBy(sort, spec.idColumn);
  let cursor: { value: string | number; id: string } | null = null;
  for (;;) {
    // A row-value comparison (SQLite 3.15+) is one index range: each chunk starts where the last
    // ended instead of rescanning the rows before it. Raw SQL binds the cursor value as is.
    const keyset: SQL | undefined = cursor
      ? sort.descending
        ? sql`(${sort.expr}, ${spec.idColumn}) < (${cursor.value}, ${cursor.id})`
        : sql`(${sort.expr}, ${spec.idColumn}) > (${cursor.value}, ${cursor.id})`
      : undefined;
    const rows = await spec.fetch(and(where, keyset), order, chunk, 0);
    for (const row of rows) yield row;
    const last = rows.at(-1);
    if (!last || rows.length < chunk) return;
    const sortValue = sort.column.sortValue;
    if (!sortValue) throw new Error(`column ${sort.column.key} is sortable but has no sortValue`);
    cursor = { value: sortValue(last), id: last.id };
  }
}
