import type { AuditRow } from '../../services/audit/audit-list.js';
import type { ListPage } from '../../services/table/list-query.js';
import type { ColumnDef, FormatContext } from '../../services/table/list-spec.js';
import { DataTable, tableColumns } from '../data-table.js';
import { Layout } from '../layout.js';
import type { ViewContext } from '../view-context.js';
import { PageHeader } from './page-header.js';

export function AuditPage({ v, page, fmt, columns }: { v: ViewContext; page: ListPage<AuditRow>; fmt: FormatContext; columns: ColumnDef<AuditRow>[] }) {
  return (
    <Layout v={v} title={v.t('audit.title')}>
      <PageHeader title={v.t('audit.title')} />
      <DataTable v={v} caption={v.t('audit.title')} basePath="/audit" page={page} columns={tableColumns(columns, fmt)} exportable={v.can('system', 'export')} />
    </Layout>
  );
}
