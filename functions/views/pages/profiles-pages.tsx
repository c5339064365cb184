import type { PermissionMatrix } from '../../../schema/tables/permission-profiles.js';
import { ACTIONS, MODULES } from '../../services/auth/permissions.js';
import type { ProfileListRow } from '../../services/profiles/profile-list.js';
import type { ListPage } from '../../services/table/list-query.js';
import type { ColumnDef, FormatContext } from '../../services/table/list-spec.js';
import { DataTable, tableColumns } from '../data-table.js';
import { CsrfField, FormBody, ErrorSummary, FormActions, TextField, type FormErrors } from '../form.js';
import { Layout } from '../layout.js';
import type { ViewContext } from '../view-context.js';
import { PageHeader } from './page-header.js';

export function ProfilesListPage({ v, page, fmt, columns }: { v: ViewContext; page: ListPage<ProfileListRow>; fmt: FormatContext; columns: ColumnDef<ProfileListRow>[] }) {
  const cols = tableColumns(columns, fmt, {
    name: (r) => (
      <>
        <a href={`/profiles/${r.id}`}>{r.name}</a>
        {r.isDefault && <span class="badge">{v.t('profiles.default')}</span>}
      </>
    ),
  });
  const bulk = v.can('system', 'delete') ? [{ formAction: '/profiles/delete', label: v.t('common.deleteSelected'), confirm: v.t('profiles.confirmDelete') }] : [];
  return (
    <Layout v={v} title={v.t('profiles.title')}>
      <PageHeader title={v.t('profiles.title')}>
        {v.can('system', 'create') && (
          <a href="/profiles/new" class="button primary">
            {v.t('common.new')}
          </a>
        )}
      </PageHeader>
      <DataTable v={v} caption={v.t('profiles.title')} basePath="/profiles" page={page} columns={cols} bulkActions={bulk} exportable={v.can('system', 'export')} selectable={(r) => !r.isDefault} />
    </Layout>
  );
}

export interface ProfileFormValues {
  name: string;
  description: string;
  permissions: PermissionMatrix;
  isDefault: boolean;
}

/** Name, description and the module × action matrix of manual 2.6, one checkbox per cell. */
export function ProfileFormPage(p: { v: ViewContext; profileId: string | null; values: ProfileFormValues; errors: FormErrors }) {
  const { v, values } = p;
  const title = p.profileId ? v.t('profiles.edit') : v.t('profiles.new');
  const readOnly = !v.can('system', p.profileId ? 'edit' : 'create');
  const labels = { name: v.t('profiles.name'), description: v.t('profiles.description'), permissions: v.t('profiles.permissions') };
  return (
    <Layout v={v} title={title}>
      <PageHeader title={title} back={{ href: '/profiles', label: v.t('profiles.title') }} />
      <form method="post" action={p.profileId ? `/profiles/${p.profileId}` : '/profiles/new'} class="card form" novalidate>
        <CsrfField v={v} />
        <FormBody readOnly={readOnly}>
          <ErrorSummary v={v} errors={p.errors} labels={labels} />
          {values.isDefault ? (
            <p>
              <strong>{values.name}</strong> <span class="badge">{v.t('profiles.default')}</span>
              <input type="hidden" name="name" value={values.name} />
            </p>
          ) : (
            <TextField name="name" label={labels.name} value={values.name} error={p.errors.name} required maxlength={80} />
          )}
          <TextField name="description" label={labels.description} value={values.description} error={p.errors.description} maxlength={500} />
          <fieldset class="matrix" id="f-permissions">
            <legend>{labels.permissions}</legend>
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{v.t('profiles.module')}</th>
                    {ACTIONS.map((a) => (
                      <th scope="col">{v.t(`action.${a}`)}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {MODULES.map((m) => (
                    <tr>
                      <th scope="row">{v.t(`module.${m}`)}</th>
                      {ACTIONS.map((a) => (
                        <td data-label={v.t(`action.${a}`)}>
                          <input type="checkbox" name={`perm.${m}`} value={a} checked={values.permissions[m]?.includes(a) ?? false} aria-label={`${v.t(`module.${m}`)}: ${v.t(`action.${a}`)}`} />
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </fieldset>
        </FormBody>
        <FormActions v={v} cancelHref="/profiles" readOnly={readOnly} />
      </form>
    </Layout>
  );
}
