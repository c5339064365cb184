import { and, asc, desc, eq, gt, lt, or, sql, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { fieldError } from '../../errors.js';
import type { MessageKey } from '../../i18n/index.js';
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
  /** Included in the search box match. */
  search?: SQL | AnySQLiteColumn;
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
  const words = searchWords(q);
  if (!words.length || !targets.length) return undefined;
  return and(...words.map((w) => or(...targets.map((t) => sql`lower(${t}) like ${likePattern(w)} escape '\\'`))));
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
  const after = sort.descending ? lt : gt;
  let cursor: { value: string | number; id: string } | null = null;
  for (;;) {
    // Compared as raw SQL so the cursor's raw value is bound as is, not through a column's mapper.
    const expr = sql`${sort.expr}`;
    const keyset: SQL | undefined = cursor
      ? or(after(expr, cursor.value), and(eq(expr, cursor.value), after(spec.idColumn, cursor.id)))
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
