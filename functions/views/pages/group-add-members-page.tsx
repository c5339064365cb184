import type { ListPage } from '../../services/table/list-query.js';
import type { ColumnDef, FormatContext } from '../../services/table/list-spec.js';
import type { UserListRow } from '../../services/users/user-list.js';
import { DataTable, tableColumns } from '../data-table.js';
import { Layout } from '../layout.js';
import type { ViewContext } from '../view-context.js';
import { PageHeader } from './page-header.js';

/** Picking users to add reuses the users table: search and pages included. */
export function GroupAddMembersPage(p: { v: ViewContext; groupId: string; groupName: string; page: ListPage<UserListRow>; fmt: FormatContext; columns: ColumnDef<UserListRow>[] }) {
  const { v } = p;
  const title = v.t('groups.addMembersTo', { name: p.groupName });
  const cols = tableColumns(p.columns.filter((c) => ['fullName', 'email', 'extensions', 'groups'].includes(c.key)), p.fmt);
  return (
    <Layout v={v} title={title}>
      <PageHeader title={title} back={{ href: `/groups/${p.groupId}`, label: p.groupName }} />
      <DataTable v={v} caption={v.t('users.title')} basePath={`/groups/${p.groupId}/add`} page={p.page} columns={cols} exportable={false} bulkActions={[{ formAction: `/groups/${p.groupId}/add`, label: v.t('groups.addSelected') }]} />
    </Layout>
  );
}
