import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import { ApiError } from '../errors.js';
import type { MessageKey } from '../i18n/index.js';
import { can, type Module } from '../services/auth/permissions.js';
import { csvStream } from '../services/export/csv-export.js';
import { pdfStream } from '../services/export/pdf-export.js';
import type { TableExport } from '../services/export/table-export.js';
import type { ListQuery } from '../services/table/list-query.js';
import { listAll, listPage, type FormatContext, type ListSpec } from '../services/table/list-spec.js';
import { formatDateTime } from '../services/table/format.js';
import { formatFor } from './format-for.js';

async function* cells<Row extends { id: string }>(spec: ListSpec<Row>, query: ListQuery, fmt: FormatContext): AsyncGenerator<string[]> {
  for await (const row of listAll(spec, query)) yield spec.columns.map((col) => col.text(row, fmt));
}

function describeFilter(c: Context<AppEnv>, spec: ListSpec<{ id: string }>, query: ListQuery): string {
  const t = c.var.t;
  const sortKey = (query.sort ?? spec.defaultSort).replace(/^-/, '');
  const column = spec.columns.find((col) => col.key === sortKey);
  const parts = [];
  if (query.q) parts.push(t('export.search', { q: query.q }));
  if (column) parts.push(t('export.sortedBy', { column: t(column.label) }));
  return parts.join(' · ');
}

/**
 * The export of a list's whole filtered result as CSV or PDF, streamed. Needs the module's export
 * permission on top of its view permission.
 */
export function exportList<Row extends { id: string }>(
  c: Context<AppEnv>,
  spec: ListSpec<Row>,
  query: ListQuery,
  module: Module,
  title: MessageKey,
  fmt: FormatContext,
): Response {
  const auth = c.var.auth;
  if (!auth || !can(auth.scope.grants, module, 'export')) throw new ApiError('FORBIDDEN', `missing permission ${module}.export`);
  const format = query.format === 'pdf' ? 'pdf' : 'csv';
  const t = c.var.t;
  const now = c.var.deps.now();
  const exp: TableExport = {
    title: t(title),
    filter: describeFilter(c, spec as unknown as ListSpec<{ id: string }>, query),
    generatedAt: t('export.generatedAt', { at: formatDateTime(now, fmt) }),
    columns: spec.columns.map((col) => ({ key: col.key, label: t(col.label), width: col.width ?? 1 })),
    rows: cells(spec, query, fmt),
    pageLabel: (n) => t('export.page', { n }),
  };
  const slug = title.split('.')[0] ?? 'export';
  const filename = `ramal-${slug}-${now.toISOString().slice(0, 10)}.${format}`;
  return new Response(format === 'pdf' ? pdfStream(exp) : csvStream(exp), {
    headers: {
      'content-type': format === 'pdf' ? 'application/pdf' : 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    },
  });
}

/** A list route's answer: a page as JSON, or the whole result as CSV/PDF when `format` asks. */
export async function respondList<Row extends { id: string }>(
  c: Context<AppEnv>,
  spec: ListSpec<Row>,
  query: ListQuery,
  module: Module,
  title: MessageKey,
  toJson: (row: Row) => unknown = (row) => row,
): Promise<Response> {
  if (query.format === 'csv' || query.format === 'pdf') return exportList(c, spec, query, module, title, await formatFor(c));
  const page = await listPage(spec, query);
  return c.json({ items: page.items.map(toJson), total: page.total, page: page.page, pageSize: page.pageSize });
}
