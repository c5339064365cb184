import type { ListPage } from '../../services/table/list-query.js';
import type { ColumnDef, FormatContext } from '../../services/table/list-spec.js';
import type { EndpointView } from '../../services/webhooks/endpoint-list.js';
import { endpointStatusText } from '../../services/webhooks/endpoint-list.js';
import { DataTable, tableColumns } from '../data-table.js';
import { CsrfField, FormActions } from '../form.js';
import { Layout } from '../layout.js';
import type { ViewContext } from '../view-context.js';
import { PageHeader } from './page-header.js';
import { EndpointFields, type EndpointFormChoices, type EndpointFormValues } from './webhooks-form.js';
import type { FormErrors } from '../form.js';

export function StatusBadge({ v, row }: { v: ViewContext; row: Pick<EndpointView, 'status' | 'disabledReason'> }) {
  const kind = row.status === 'active' ? 'badge ok' : row.status === 'disabledBySystem' ? 'badge alarm' : 'badge muted';
  return <span class={kind}>{endpointStatusText(row, v.t)}</span>;
}

export function WebhooksListPage({ v, page, fmt, columns }: { v: ViewContext; page: ListPage<EndpointView>; fmt: FormatContext; columns: ColumnDef<EndpointView>[] }) {
  const cols = tableColumns(columns, fmt, {
    url: (r) => <a href={`/webhooks/${r.id}`}>{r.url}</a>,
    status: (r) => <StatusBadge v={v} row={r} />,
  });
  return (
    <Layout v={v} title={v.t('webhooks.title')}>
      <PageHeader title={v.t('webhooks.title')}>
        <a href="/webhooks/new" class="button primary">{v.t('common.new')}</a>
      </PageHeader>
      <p class="hint">{v.t('webhooks.intro')}</p>
      <DataTable v={v} caption={v.t('webhooks.title')} basePath="/webhooks" page={page} columns={cols} exportable={v.can('system', 'export')} />
    </Layout>
  );
}

export function WebhookNewPage(p: { v: ViewContext; values: EndpointFormValues; errors: FormErrors; choices: EndpointFormChoices }) {
  const { v } = p;
  return (
    <Layout v={v} title={v.t('webhooks.new')}>
      <PageHeader title={v.t('webhooks.new')} back={{ href: '/webhooks', label: v.t('webhooks.title') }} />
      <form method="post" action="/webhooks/new" class="card form" novalidate>
        <CsrfField v={v} />
        <EndpointFields v={v} values={p.values} errors={p.errors} choices={p.choices} showActive />
        <FormActions v={v} cancelHref="/webhooks" submitLabel={v.t('webhooks.create')} />
      </form>
    </Layout>
  );
}

/** The only times a signing secret is shown: after creating the endpoint and after a rotation. */
export function WebhookSecretPage(p: { v: ViewContext; title: string; endpointId: string; url: string; secret: string; note?: string }) {
  const { v } = p;
  return (
    <Layout v={v} title={p.title}>
      <PageHeader title={p.title} back={{ href: '/webhooks', label: v.t('webhooks.title') }} />
      <div class="card">
        <p>{v.t('webhooks.copyNow', { url: p.url })}</p>
        {p.note && <p>{p.note}</p>}
        <label for="webhook-secret">{v.t('webhooks.secret')}</label>
        <input id="webhook-secret" class="secret" readonly value={p.secret} data-select-on-focus />
        <p class="form-actions">
          <button type="button" class="button" data-copy="webhook-secret">{v.t('webhooks.copy')}</button>
          <a class="button primary" href={`/webhooks/${p.endpointId}`}>{v.t('webhooks.open')}</a>
        </p>
      </div>
    </Layout>
  );
}
