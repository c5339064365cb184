import type { ListPage } from '../../services/table/list-query.js';
import type { ColumnDef, FormatContext } from '../../services/table/list-spec.js';
import { formatDateTime } from '../../services/table/format.js';
import type { AttemptRow } from '../../services/webhooks/delivery-log.js';
import { OUTCOME_LABELS } from '../../services/webhooks/delivery-log.js';
import type { EndpointView } from '../../services/webhooks/endpoint-list.js';
import { ATTEMPT_OUTCOMES, type AttemptOutcome } from '../../services/webhooks/endpoint-schemas.js';
import { MAX_OVERLAP_HOURS } from '../../services/webhooks/endpoint-secret.js';
import { DataTable, tableColumns, type TableColumn } from '../data-table.js';
import { CsrfField, FormActions, type FormErrors } from '../form.js';
import { Layout } from '../layout.js';
import type { ViewContext } from '../view-context.js';
import { PageHeader } from './page-header.js';
import { EndpointFields, type EndpointFormChoices, type EndpointFormValues } from './webhooks-form.js';
import { StatusBadge } from './webhooks-list-page.js';

export interface WebhookDetailProps {
  v: ViewContext;
  fmt: FormatContext;
  endpoint: EndpointView;
  pending: number;
  now: Date;
  values: EndpointFormValues;
  errors: FormErrors;
  choices: EndpointFormChoices;
  log: { page: ListPage<AttemptRow>; columns: ColumnDef<AttemptRow>[]; outcome: AttemptOutcome | null; basePath: string };
}

function PostButton(p: { action: string; v: ViewContext; label: string; danger?: boolean; confirm?: string }) {
  return (
    <form method="post" action={p.action}>
      <CsrfField v={p.v} />
      <button type="submit" class={p.danger ? 'button danger' : 'button'} data-confirm={p.confirm}>{p.label}</button>
    </form>
  );
}

function Facts({ v, endpoint, pending, now }: { v: ViewContext; endpoint: EndpointView; pending: number; now: Date }) {
  const when = (d: Date | null) => (d ? formatDateTime(d, v) : '—');
  const overlap = endpoint.previousSecretUntil && endpoint.previousSecretUntil > now ? endpoint.previousSecretUntil : null;
  return (
    <dl class="facts">
      <dt>{v.t('webhooks.status')}</dt>
      <dd><StatusBadge v={v} row={endpoint} /></dd>
      <dt>{v.t('webhooks.lastSuccess')}</dt>
      <dd>{when(endpoint.lastSuccessAt)}</dd>
      <dt>{v.t('webhooks.failingSince')}</dt>
      <dd>{when(endpoint.failingSince)}</dd>
      <dt>{v.t('webhooks.pending')}</dt>
      <dd data-pending>{pending}</dd>
      {overlap && <dt>{v.t('webhooks.previousUntil')}</dt>}
      {overlap && <dd>{when(overlap)}</dd>}
    </dl>
  );
}

function DeliveryLog({ v, fmt, endpoint, log }: Pick<WebhookDetailProps, 'v' | 'fmt' | 'endpoint' | 'log'>) {
  const base = `/webhooks/${endpoint.id}`;
  const replay: TableColumn<AttemptRow> = {
    key: 'replay', label: v.t('webhooks.actions'), sortable: false,
    cell: (r) => (
      <button type="submit" class="button small" formaction={`${base}/deliveries/${r.deliveryId}/replay`} disabled={!endpoint.active}>{v.t('webhooks.replay')}</button>
    ),
  };
  const tabs: { outcome: AttemptOutcome | null; label: string }[] = [{ outcome: null, label: v.t('webhooks.outcomeAll') }, ...ATTEMPT_OUTCOMES.map((o) => ({ outcome: o, label: v.t(OUTCOME_LABELS[o]) }))];
  return (
    <section aria-labelledby="log-title">
      <h2 id="log-title">{v.t('webhooks.logTitle')}</h2>
      <nav class="form-actions" aria-label={v.t('webhooks.outcome')}>
        {tabs.map((tab) => (
          <a class="button small" href={tab.outcome ? `${base}/log/${tab.outcome}` : base} aria-current={tab.outcome === log.outcome ? 'page' : undefined}>{tab.label}</a>
        ))}
      </nav>
      <DataTable v={v} caption={v.t('webhooks.logTitle')} basePath={log.basePath} page={log.page} columns={[...tableColumns(log.columns, fmt), replay]} exportable={v.can('system', 'export')} />
      <form method="post" action={`${base}/replay`} class="card form">
        <CsrfField v={v} />
        <h3>{v.t('webhooks.replayPeriod')}</h3>
        <div class="field">
          <label for="f-from">{v.t('webhooks.from')}</label>
          <input id="f-from" type="date" name="from" required />
        </div>
        <div class="field">
          <label for="f-to">{v.t('webhooks.to')}</label>
          <input id="f-to" type="date" name="to" required />
        </div>
        <button type="submit" class="button" disabled={!endpoint.active}>{v.t('webhooks.replayPeriodButton')}</button>
      </form>
    </section>
  );
}

/** A URL that may wrap after its slashes, dots and separators, so a long one fits a phone. */
function BreakableUrl({ url }: { url: string }) {
  const parts = url.split(/(?<=[/.?&=])/);
  return (
    <code>
      {parts.map((part, i) => (
        <>
          {part}
          {i < parts.length - 1 && <wbr />}
        </>
      ))}
    </code>
  );
}

/** The page title: the description, else the URL's host (a whole URL is too long for a heading). */
function titleOf(endpoint: EndpointView): string {
  if (endpoint.description) return endpoint.description;
  try {
    return new URL(endpoint.url).host;
  } catch {
    return endpoint.url;
  }
}

export function WebhookDetailPage(p: WebhookDetailProps) {
  const { v, endpoint } = p;
  const base = `/webhooks/${endpoint.id}`;
  return (
    <Layout v={v} title={titleOf(endpoint)}>
      <PageHeader title={titleOf(endpoint)} back={{ href: '/webhooks', label: v.t('webhooks.title') }} />
      {endpoint.status === 'disabledBySystem' && (
        <div class="error-summary" role="alert">
          <p>{v.t('webhooks.disabledBanner', { at: endpoint.disabledAt ? formatDateTime(endpoint.disabledAt, v) : '', reason: endpoint.disabledReason ?? '' })}</p>
        </div>
      )}
      <div class="card">
        <p><BreakableUrl url={endpoint.url} /></p>
        <Facts v={v} endpoint={endpoint} pending={p.pending} now={p.now} />
        <div class="form-actions">
          {endpoint.active && <PostButton v={v} action={`${base}/test`} label={v.t('webhooks.sendTest')} />}
          <PostButton v={v} action={`${base}/${endpoint.active ? 'disable' : 'enable'}`} label={v.t(endpoint.active ? 'webhooks.disable' : 'webhooks.enable')} />
          <PostButton v={v} action={`${base}/delete`} label={v.t('webhooks.delete')} danger confirm={v.t('webhooks.confirmDelete')} />
        </div>
      </div>
      <DeliveryLog v={v} fmt={p.fmt} endpoint={endpoint} log={p.log} />
      <form method="post" action={`${base}/rotate`} class="card form">
        <CsrfField v={v} />
        <h2>{v.t('webhooks.rotate')}</h2>
        <p class="hint">{v.t('webhooks.rotateHint')}</p>
        <div class="field">
          <label for="f-overlapHours">{v.t('webhooks.overlapHours')}</label>
          <input id="f-overlapHours" type="number" name="overlapHours" min={0} max={MAX_OVERLAP_HOURS} value="24" inputmode="numeric" required />
        </div>
        <button type="submit" class="button" data-confirm={v.t('webhooks.confirmRotate')}>{v.t('webhooks.rotate')}</button>
      </form>
      <form method="post" action={base} class="card form" novalidate>
        <CsrfField v={v} />
        <h2>{v.t('webhooks.settings')}</h2>
        <EndpointFields v={v} values={p.values} errors={p.errors} choices={p.choices} showActive={false} />
        <FormActions v={v} cancelHref={base} />
      </form>
    </Layout>
  );
}
