import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { validationError } from '../../errors.js';
import type { MessageKey } from '../../i18n/index.js';
import type { Module } from '../../services/auth/permissions.js';
import { ListQuerySchema, type ListPage } from '../../services/table/list-query.js';
import { listPage, type FormatContext, type ListSpec } from '../../services/table/list-spec.js';
import { formatContext, type ViewContext } from '../../views/view-context.js';
import { issuesToFields } from '../validate.js';
import { exportList } from '../list-response.js';
import { pageContext } from './page-context.js';

/** A list page: the data table's query from the URL, then a page or, with format=, an export. */
export async function webList<Row extends { id: string }>(
  c: Context<AppEnv>,
  spec: ListSpec<Row>,
  module: Module,
  title: MessageKey,
  render: (v: ViewContext, page: ListPage<Row>, fmt: FormatContext) => string | Promise<string>,
): Promise<Response> {
  const parsed = ListQuerySchema.safeParse(c.req.query());
  if (!parsed.success) {
    throw validationError(issuesToFields(parsed.error.issues));
  }
  const v = await pageContext(c);
  const fmt = formatContext(v);
  if (parsed.data.format === 'csv' || parsed.data.format === 'pdf') return exportList(c, spec, parsed.data, module, title, fmt);
  return c.html(render(v, await listPage(spec, parsed.data), fmt));
}
