import type { ListPage } from '../../services/table/list-query.js';
import type { ColumnDef, FormatContext } from '../../services/table/list-spec.js';
import type { TokenListRow } from '../../services/tokens/token-service.js';
import { DataTable, tableColumns } from '../data-table.js';
import { CsrfField, ErrorSummary, FormActions, SelectField, TextField, type FormErrors } from '../form.js';
import { Layout } from '../layout.js';
import type { ViewContext } from '../view-context.js';
import { PageHeader } from './page-header.js';

export function TokensListPage({ v, page, fmt, columns }: { v: ViewContext; page: ListPage<TokenListRow>; fmt: FormatContext; columns: ColumnDef<TokenListRow>[] }) {
  const cols = tableColumns(columns, fmt, { status: (r) => <span class={r.revokedAt ? 'badge muted' : 'badge ok'}>{r.revokedAt ? v.t('tokens.revoked') : v.t('tokens.active')}</span> });
  return (
    <Layout v={v} title={v.t('tokens.title')}>
      <PageHeader title={v.t('tokens.title')}>
        <a href="/tokens/new" class="button primary">
          {v.t('common.new')}
        </a>
      </PageHeader>
      <p class="hint">{v.t('tokens.intro')}</p>
      <DataTable v={v} caption={v.t('tokens.title')} basePath="/tokens" page={page} columns={cols} bulkActions={[{ formAction: '/tokens/revoke', label: v.t('tokens.revokeSelected'), confirm: v.t('tokens.confirmRevoke') }]} exportable={v.can('system', 'export')} selectable={(r) => !r.revokedAt} />
    </Layout>
  );
}

export interface TokenFormValues {
  name: string;
  kind: string;
  siteId: string;
  profileId: string;
}

export function TokenFormPage(p: { v: ViewContext; values: TokenFormValues; errors: FormErrors; sites: { id: string; name: string }[]; profiles: { id: string; name: string }[]; allSitesAllowed: boolean }) {
  const { v, values, errors } = p;
  const labels = { name: v.t('tokens.name'), kind: v.t('tokens.kind'), siteId: v.t('tokens.site'), profileId: v.t('tokens.profile') };
  const siteOptions = [...(p.allSitesAllowed ? [{ value: '', label: v.t('common.allSites') }] : []), ...p.sites.map((s) => ({ value: s.id, label: s.name }))];
  return (
    <Layout v={v} title={v.t('tokens.new')}>
      <PageHeader title={v.t('tokens.new')} back={{ href: '/tokens', label: v.t('tokens.title') }} />
      <form method="post" action="/tokens/new" class="card form" novalidate>
        <CsrfField v={v} />
        <ErrorSummary v={v} errors={errors} labels={labels} />
        <TextField name="name" label={labels.name} value={values.name} error={errors.name} required maxlength={80} />
        <SelectField name="kind" label={labels.kind} value={values.kind} options={[{ value: 'integration', label: v.t('tokens.kindIntegration') }, { value: 'node', label: v.t('tokens.kindNode') }]} hint={v.t('tokens.kindHint')} />
        <SelectField name="siteId" label={labels.siteId} value={values.siteId} error={errors.siteId} options={siteOptions} />
        <SelectField name="profileId" label={labels.profileId} value={values.profileId} error={errors.profileId} options={p.profiles.map((o) => ({ value: o.id, label: o.name }))} hint={v.t('tokens.profileHint')} />
        <FormActions v={v} cancelHref="/tokens" submitLabel={v.t('tokens.create')} />
      </form>
    </Layout>
  );
}

/** The only time the secret is ever shown. */
export function TokenCreatedPage({ v, name, secret }: { v: ViewContext; name: string; secret: string }) {
  return (
    <Layout v={v} title={v.t('tokens.created')}>
      <PageHeader title={v.t('tokens.created')} back={{ href: '/tokens', label: v.t('tokens.title') }} />
      <div class="card">
        <p>{v.t('tokens.copyNow', { name })}</p>
        <label for="token-secret" class="visually-hidden">{v.t('tokens.secret')}</label>
        <input id="token-secret" class="secret" readonly value={secret} data-select-on-focus />
        <p>
          <button type="button" class="button" data-copy="token-secret">{v.t('tokens.copy')}</button>
        </p>
      </div>
    </Layout>
  );
}
