import type { ListPage } from '../../services/table/list-query.js';
import type { FormatContext } from '../../services/table/list-spec.js';
import type { UserListRow } from '../../services/users/user-list.js';
import { userListSpec } from '../../services/users/user-list.js';
import { DataTable, tableColumns, type BulkAction } from '../data-table.js';
import { Layout } from '../layout.js';
import type { ViewContext } from '../view-context.js';
import { PageHeader } from './page-header.js';

type Columns = ReturnType<typeof userListSpec>['columns'];

export function UsersListPage({ v, page, fmt, columns, canSync }: { v: ViewContext; page: ListPage<UserListRow>; fmt: FormatContext; columns: Columns; canSync: boolean }) {
  const bulk: BulkAction[] = v.can('system', 'delete') ? [{ formAction: '/users/delete', label: v.t('common.deleteSelected'), confirm: v.t('users.confirmDelete') }] : [];
  const cols = tableColumns(columns, fmt, {
    fullName: (r) => (
      <>
        <a href={`/users/${r.id}`}>{r.fullName}</a>
        {r.isOwner && <span class="badge">{v.t('users.owner')}</span>}
      </>
    ),
  });
  return (
    <Layout v={v} title={v.t('users.title')}>
      <PageHeader title={v.t('users.title')}>
        {v.can('system', 'create') && (
          <a href="/users/new" class="button primary">
            {v.t('common.new')}
          </a>
        )}
        {canSync && (
          <a href="/sync" class="button">
            {v.t('sync.button')}
          </a>
        )}
      </PageHeader>
      <DataTable v={v} caption={v.t('users.title')} basePath="/users" page={page} columns={cols} bulkActions={bulk} exportable={v.can('system', 'export')} selectable={(r) => !r.isOwner && r.id !== v.user?.id} />
    </Layout>
  );
}
