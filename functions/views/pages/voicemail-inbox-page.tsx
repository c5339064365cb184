import type { Child } from 'hono/jsx';
import type { ListPage } from '../../services/table/list-query.js';
import type { ColumnDef, FormatContext } from '../../services/table/list-spec.js';
import type { InboxFilters, InboxRow } from '../../services/voicemail/inbox-list.js';
import { DataTable, tableColumns, type BulkAction } from '../data-table.js';
import { Layout } from '../layout.js';
import type { ViewContext } from '../view-context.js';
import { PageHeader } from './page-header.js';

const SPEEDS = ['0.75', '1', '1.25', '1.5', '2'];

/** The page's player: WAV plays everywhere (phones included) and seeks through Range requests. */
function Player({ v, row }: { v: ViewContext; row: InboxRow }) {
  const id = `vm-audio-${row.id}`;
  return (
    <div class="vm-player">
      <audio id={id} controls preload="none" src={`/api/v1/voicemail/messages/${row.id}/audio?format=wav`} data-vm-message={row.id} aria-label={v.t('voicemail.playerLabel', { protocol: row.protocol })} />
      <label for={`${id}-speed`} class="visually-hidden">{`${v.t('voicemail.speed')} (${row.protocol})`}</label>
      <select id={`${id}-speed`} data-vm-speed={id} title={v.t('voicemail.speed')}>
        {SPEEDS.map((s) => (
          <option value={s} selected={s === '1'}>{`${s}×`}</option>
        ))}
      </select>
    </div>
  );
}

/** Buttons of one row, inside the table's own form (which carries the CSRF field and the format). */
function RowActions({ v, row }: { v: ViewContext; row: InboxRow }) {
  return (
    <div class="vm-actions">
      {!row.heard && (
        <button type="submit" class="button small" name="id" value={row.id} formaction="/voicemail/heard" aria-label={v.t('voicemail.markHeardLabel', { protocol: row.protocol })}>{v.t('voicemail.markHeard')}</button>
      )}
      {v.can('vmailer', 'listen') && (
        <button type="submit" class="button small" name="id" value={row.id} formaction="/voicemail/download" aria-label={v.t('voicemail.downloadLabel', { protocol: row.protocol })}>{v.t('voicemail.download')}</button>
      )}
      {v.can('vmailer', 'email') && (
        <button type="submit" class="button small" name="id" value={row.id} formaction="/voicemail/email" aria-label={v.t('voicemail.sendEmailLabel', { protocol: row.protocol })}>{v.t('voicemail.sendEmail')}</button>
      )}
      {v.can('vmailer', 'delete') && (
        <button type="submit" class="button small danger" name="id" value={row.id} formaction="/voicemail/delete" data-confirm={v.t('voicemail.confirmDeleteOne', { protocol: row.protocol })} aria-label={v.t('voicemail.deleteLabel', { protocol: row.protocol })}>{v.t('voicemail.delete')}</button>
      )}
    </div>
  );
}

function Filters({ v, filters, mailboxes }: { v: ViewContext; filters: InboxFilters; mailboxes: { id: string; label: string }[] }) {
  return (
    <form method="get" action="/voicemail" class="filters">
      <label for="vm-mailbox">{v.t('voicemail.filterMailbox')}</label>
      <select id="vm-mailbox" name="mailbox">
        <option value="">{v.t('voicemail.allMailboxes')}</option>
        {mailboxes.map((m) => (
          <option value={m.id} selected={filters.mailbox === m.id}>{m.label}</option>
        ))}
      </select>
      <label for="vm-heard">{v.t('voicemail.filterHeard')}</label>
      <select id="vm-heard" name="heard">
        <option value="">{v.t('voicemail.allMessages')}</option>
        <option value="false" selected={filters.heard === 'false'}>{v.t('voicemail.onlyNew')}</option>
        <option value="true" selected={filters.heard === 'true'}>{v.t('voicemail.onlyHeard')}</option>
      </select>
      <label for="vm-from">{v.t('voicemail.periodFrom')}</label>
      <input id="vm-from" type="date" name="from" value={filters.from?.slice(0, 10) ?? ''} />
      <label for="vm-to">{v.t('voicemail.periodTo')}</label>
      <input id="vm-to" type="date" name="to" value={filters.to?.slice(0, 10) ?? ''} />
      <button type="submit" class="button small">{v.t('voicemail.filter')}</button>
    </form>
  );
}

export function VoicemailInboxPage(p: { v: ViewContext; page: ListPage<InboxRow>; fmt: FormatContext; columns: ColumnDef<InboxRow>[]; filters: InboxFilters; mailboxes: { id: string; label: string }[] }) {
  const { v } = p;
  // Unheard messages are in bold (manual 3.3.1); the script drops the bold once one is heard.
  const strong = (key: string) => (r: InboxRow): Child => {
    const text = p.columns.find((c) => c.key === key)!.text(r, p.fmt);
    return r.heard ? text : <strong data-vm-unheard>{text}</strong>;
  };
  const cols = tableColumns(p.columns, p.fmt, Object.fromEntries(p.columns.map((c) => [c.key, strong(c.key)])));
  if (v.can('vmailer', 'listen')) cols.splice(1, 0, { key: 'listen', label: v.t('voicemail.listen'), sortable: false, cell: (r) => <Player v={v} row={r} /> });
  cols.push({ key: 'actions', label: v.t('voicemail.actions'), sortable: false, cell: (r) => <RowActions v={v} row={r} /> });
  const bulk: BulkAction[] = [{ formAction: '/voicemail/heard', label: v.t('voicemail.markHeard') }];
  if (v.can('vmailer', 'listen')) bulk.push({ formAction: '/voicemail/download', label: v.t('voicemail.downloadSelected') });
  if (v.can('vmailer', 'email')) bulk.push({ formAction: '/voicemail/email', label: v.t('voicemail.emailSelected') });
  if (v.can('vmailer', 'delete')) bulk.push({ formAction: '/voicemail/delete', label: v.t('voicemail.deleteSelected'), confirm: v.t('voicemail.confirmDelete') });
  const toolbar = v.can('vmailer', 'listen') && (
    <span class="vm-format">
      <label for="vm-format">{v.t('voicemail.format')}</label>{' '}
      {/* Belongs to the table's form, so the download buttons send it. */}
      <select id="vm-format" name="format" form="bulk-voicemail">
        {(['mp3', 'wav', 'gsm'] as const).map((f) => (
          <option value={f}>{v.t(`voicemail.format.${f}`)}</option>
        ))}
      </select>
    </span>
  );
  return (
    <Layout v={v} title={v.t('voicemail.title')}>
      <PageHeader title={v.t('voicemail.title')}>
        <a href="/voicemail/profile" class="button">{v.t('voicemail.profileLink')}</a>
        {v.can('vmailer', 'configure') && <a href="/voicemail/settings" class="button">{v.t('voicemail.settingsLink')}</a>}
      </PageHeader>
      <Filters v={v} filters={p.filters} mailboxes={p.mailboxes} />
      <DataTable v={v} caption={v.t('voicemail.title')} basePath="/voicemail" page={p.page} columns={cols} bulkActions={bulk} toolbar={toolbar} filters={{ ...p.filters }} exportable={v.can('vmailer', 'export')} />
    </Layout>
  );
}
