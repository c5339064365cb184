import type { GroupMember } from '../../services/groups/group-members.js';
import type { GroupListRow } from '../../services/groups/group-list.js';
import type { ListPage } from '../../services/table/list-query.js';
import type { ColumnDef, FormatContext } from '../../services/table/list-spec.js';
import { DataTable, tableColumns } from '../data-table.js';
import { CsrfField, FormBody, ErrorSummary, FormActions, TextField, type FormErrors } from '../form.js';
import { Layout } from '../layout.js';
import type { ViewContext } from '../view-context.js';
import { PageHeader } from './page-header.js';

export function GroupsListPage({ v, page, fmt, columns }: { v: ViewContext; page: ListPage<GroupListRow>; fmt: FormatContext; columns: ColumnDef<GroupListRow>[] }) {
  const cols = tableColumns(columns, fmt, { name: (r) => <a href={`/groups/${r.id}`}>{r.name}</a> });
  const bulk = v.can('system', 'delete') ? [{ formAction: '/groups/delete', label: v.t('common.deleteSelected'), confirm: v.t('groups.confirmDelete') }] : [];
  return (
    <Layout v={v} title={v.t('groups.title')}>
      <PageHeader title={v.t('groups.title')}>
        {v.can('system', 'create') && (
          <a href="/groups/new" class="button primary">
            {v.t('common.new')}
          </a>
        )}
      </PageHeader>
      <DataTable v={v} caption={v.t('groups.title')} basePath="/groups" page={page} columns={cols} bulkActions={bulk} exportable={v.can('system', 'export')} />
    </Layout>
  );
}

export function GroupFormPage(p: { v: ViewContext; groupId: string | null; values: { name: string; description: string }; errors: FormErrors; members: GroupMember[] | null }) {
  const { v } = p;
  const title = p.groupId ? v.t('groups.edit') : v.t('groups.new');
  const labels = { name: v.t('groups.name'), description: v.t('groups.description') };
  const editable = v.can('system', 'edit');
  const readOnly = !v.can('system', p.groupId ? 'edit' : 'create');
  return (
    <Layout v={v} title={title}>
      <PageHeader title={title} back={{ href: '/groups', label: v.t('groups.title') }} />
      <form method="post" action={p.groupId ? `/groups/${p.groupId}` : '/groups/new'} class="card form" novalidate>
        <CsrfField v={v} />
        <FormBody readOnly={readOnly}>
          <ErrorSummary v={v} errors={p.errors} labels={labels} />
          <TextField name="name" label={labels.name} value={p.values.name} error={p.errors.name} required maxlength={120} />
          <div class="field">
            <label for="f-description">{labels.description}</label>
            <textarea id="f-description" name="description" maxlength={1000} rows={3}>{p.values.description}</textarea>
          </div>
        </FormBody>
        <FormActions v={v} cancelHref="/groups" readOnly={readOnly} />
      </form>
      {p.groupId && p.members && (
        <section class="card" aria-labelledby="members-title">
          <div class="page-header">
            <h2 id="members-title">{v.t('groups.members')}</h2>
            {editable && (
              <div class="page-actions">
                <a class="button primary" href={`/groups/${p.groupId}/add`}>{v.t('groups.addMembers')}</a>
              </div>
            )}
          </div>
          <form method="post" action={`/groups/${p.groupId}/members`} class="bulk-form">
            <CsrfField v={v} />
            {editable && p.members.length > 0 && (
              <div class="bulk-actions">
                <button type="submit" class="button small">{v.t('groups.saveMembers')}</button>
                <button type="submit" class="button small danger" formaction={`/groups/${p.groupId}/members/remove`} data-confirm={v.t('groups.confirmRemove')} data-needs-selection={v.t('flash.selectSome')}>
                  {v.t('groups.removeSelected')}
                </button>
              </div>
            )}
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col" class="select-col"><input type="checkbox" data-select-all aria-label={v.t('table.selectAll')} /></th>
                    <th scope="col">{v.t('groups.supervisor')}</th>
                    <th scope="col">{v.t('users.fullName')}</th>
                    <th scope="col">{v.t('users.email')}</th>
                    <th scope="col">{v.t('groups.order')}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.members.length === 0 && (
                    <tr><td colspan={5} class="empty">{v.t('groups.noMembers')}</td></tr>
                  )}
                  {p.members.map((m) => (
                    <tr>
                      <td class="select-col"><input type="checkbox" name="ids" value={m.userId} aria-label={`${v.t('table.selectRow')}: ${m.fullName}`} /></td>
                      <td data-label={v.t('groups.supervisor')}>
                        <input type="hidden" name="members" value={m.userId} />
                        <input type="checkbox" name={`supervisor.${m.userId}`} value="1" checked={m.supervisor} disabled={!editable} aria-label={`${v.t('groups.supervisor')}: ${m.fullName}`} />
                      </td>
                      <td data-label={v.t('users.fullName')}>{m.fullName}</td>
                      <td data-label={v.t('users.email')}>{m.email}</td>
                      <td data-label={v.t('groups.order')}>
                        <input type="number" class="short" name={`position.${m.userId}`} value={m.position} min={0} max={100000} disabled={!editable} aria-label={`${v.t('groups.order')}: ${m.fullName}`} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </form>
        </section>
      )}
    </Layout>
  );
}
