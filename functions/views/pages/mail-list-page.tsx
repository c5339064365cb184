import type { MailListRow } from '../../services/mail/mail-list.js';
import { statusKey } from '../../services/mail/mail-list.js';
import { MAIL_STATUSES, type MailStatus } from '../../services/mail/mail-schemas.js';
import type { ListPage } from '../../services/table/list-query.js';
import type { ColumnDef, FormatContext } from '../../services/table/list-spec.js';
import { DataTable, tableColumns } from '../data-table.js';
import { Layout } from '../layout.js';
import type { ViewContext } from '../view-context.js';
import { PageHeader } from './page-header.js';

const BADGE: Record<MailListRow['status'], string> = { queued: 'badge muted', sending: 'badge', sent: 'badge ok', failed: 'badge alarm' };

/** Where mail goes now, said plainly at the top: a local folder is not delivery. */
export type MailDestination = { kind: 'outbox'; dir: string; configured: boolean } | { kind: 'none' } | { kind: 'provider'; provider: 'resend' | 'smtp' };

function DestinationNotice({ v, destination }: { v: ViewContext; destination: MailDestination }) {
  if (destination.kind === 'outbox') {
    const key = destination.configured ? 'mail.outboxChosenNotice' : 'mail.outboxNotice';
    return <p class="card" role="note">{v.t(key, { dir: destination.dir })}</p>;
  }
  if (destination.kind === 'none') return <p class="card" role="note">{v.t('mail.noTransportNotice')}</p>;
  return <p class="hint">{v.t('mail.sendsWith', { provider: v.t(`mail.provider.${destination.provider}`) })}</p>;
}

function StatusFilter({ v, status }: { v: ViewContext; status: MailStatus | undefined }) {
  return (
    <form method="get" action="/mail" class="filters">
      <label for="mail-status">{v.t('mail.statusLabel')}</label>
      <select id="mail-status" name="status">
        <option value="">{v.t('jobs.allStatuses')}</option>
        {MAIL_STATUSES.map((s) => (
          <option value={s} selected={status === s}>{v.t(statusKey(s))}</option>
        ))}
      </select>
      <button type="submit" class="button small">{v.t('jobs.filter')}</button>
    </form>
  );
}

export function MailListPage(p: { v: ViewContext; page: ListPage<MailListRow>; fmt: FormatContext; columns: ColumnDef<MailListRow>[]; destination: MailDestination; status?: MailStatus | undefined }) {
  const { v } = p;
  const cols = tableColumns(p.columns, p.fmt, {
    status: (r) => (
      <>
        <span class={BADGE[r.status]}>{v.t(statusKey(r.status))}</span>
        {r.attempts > 1 && <span class="hint"> {v.t('mail.attempts', { count: r.attempts })}</span>}
        {r.lastError && r.status !== 'sent' && <p class="field-error">{r.lastError}</p>}
      </>
    ),
  });
  cols.push({
    key: 'actions',
    label: v.t('mail.actions'),
    sortable: false,
    cell: (r) => (
      <>
        {r.provider === 'outbox' && r.outboxFile && (
          <a class="button small" href={`/api/v1/mail/messages/${r.id}/eml`} download>{v.t('mail.downloadEml')}</a>
        )}
        {r.status === 'failed' && (
          // Inside the table's own form (which carries the CSRF field); a nested form is not allowed.
          <button type="submit" class="button small" name="ids" value={r.id} formaction="/mail/retry" aria-label={v.t('mail.retryLabel', { subject: r.subject })}>
            {v.t('mail.retry')}
          </button>
        )}
      </>
    ),
  });
  return (
    <Layout v={v} title={v.t('mail.title')}>
      <PageHeader title={v.t('mail.title')}>
        <a href="/settings/mail" class="button">{v.t('mail.settingsLink')}</a>
      </PageHeader>
      <DestinationNotice v={v} destination={p.destination} />
      <StatusFilter v={v} status={p.status} />
      <DataTable v={v} caption={v.t('mail.title')} basePath="/mail" page={p.page} columns={cols} filters={{ status: p.status }} exportable={v.can('system', 'export')} />
    </Layout>
  );
}
