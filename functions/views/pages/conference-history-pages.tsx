import type { HistoryParticipant } from '../../services/conference/history-actions.js';
import type { HistoryRow } from '../../services/conference/history-list.js';
import type { ListPage } from '../../services/table/list-query.js';
import type { ColumnDef, FormatContext } from '../../services/table/list-spec.js';
import { formatDateTime } from '../../services/table/format.js';
import { formatDuration } from '../../services/voicemail/inbox-list.js';
import { DataTable, tableColumns, type BulkAction } from '../data-table.js';
import { CsrfField } from '../form.js';
import { Layout } from '../layout.js';
import type { ViewContext } from '../view-context.js';
import { ConferenceLinks } from './conference-list-page.js';
import { PageHeader } from './page-header.js';

const FORMATS = ['mp3', 'wav', 'gsm'] as const;

/** The history (manual 4.4): who ran which room when; send recordings by e-mail, delete. */
export function ConferenceHistoryPage(p: { v: ViewContext; page: ListPage<HistoryRow>; fmt: FormatContext; columns: ColumnDef<HistoryRow>[] }) {
  const { v } = p;
  const cols = tableColumns(p.columns, p.fmt, {
    started: (r) => <a href={`/conference/history/${r.id}`}>{p.columns.find((c) => c.key === 'started')!.text(r, p.fmt)}</a>,
  });
  const bulk: BulkAction[] = [];
  if (v.can('vconference', 'email')) bulk.push({ formAction: '/conference/history/email', label: v.t('conference.emailSelected') });
  if (v.can('vconference', 'delete')) bulk.push({ formAction: '/conference/history/delete', label: v.t('conference.deleteSelected'), confirm: v.t('conference.confirmDeleteHistory') });
  const toolbar = v.can('vconference', 'email') && (
    <span>
      <label for="conf-format">{v.t('conference.format')}</label>{' '}
      <select id="conf-format" name="format" form="bulk-conferencehistory">
        {FORMATS.map((f) => (
          <option value={f}>{f.toUpperCase()}</option>
        ))}
      </select>
    </span>
  );
  return (
    <Layout v={v} title={v.t('conference.historyTitle')}>
      <PageHeader title={v.t('conference.historyTitle')} back={{ href: '/conference', label: v.t('conference.title') }}>
        <ConferenceLinks v={v} />
      </PageHeader>
      <DataTable v={v} caption={v.t('conference.historyTitle')} basePath="/conference/history" page={p.page} columns={cols} bulkActions={bulk} toolbar={toolbar} exportable={v.can('vconference', 'export')} />
    </Layout>
  );
}

export function ConferenceHistoryDetailPage({ v, h }: { v: ViewContext; h: HistoryRow & { participantList: HistoryParticipant[] } }) {
  const fmt = { locale: v.locale, timeZone: h.timeZone };
  const title = `${v.t('conference.number')} ${h.number} — ${formatDateTime(h.startedAt, fmt)}`;
  return (
    <Layout v={v} title={title}>
      <PageHeader title={title} back={{ href: '/conference/history', label: v.t('conference.historyTitle') }} />
      <dl class="card">
        <dt>{v.t('conference.subject')}</dt><dd>{h.subject || '—'}</dd>
        <dt>{v.t('conference.creator')}</dt><dd>{h.creatorName ?? '—'}</dd>
        <dt>{v.t('conference.startedAt')}</dt><dd>{formatDateTime(h.startedAt, fmt)}</dd>
        <dt>{v.t('conference.endedAt')}</dt><dd>{h.endedAt ? formatDateTime(h.endedAt, fmt) : '—'}</dd>
        <dt>{v.t('conference.duration')}</dt><dd>{formatDuration(h.durationMs)}</dd>
      </dl>
      <section class="card" aria-labelledby="conf-recording">
        <h2 id="conf-recording">{v.t('conference.recording')}</h2>
        {!h.hasRecording && <p>{v.t('conference.noRecording')}</p>}
        {h.hasRecording && v.can('vconference', 'listen') && (
          <>
            <audio controls preload="none" src={`/api/v1/conference/history/${h.id}/audio?format=wav`} aria-label={v.t('conference.play')} />
            <p>
              {FORMATS.map((f) => (
                <a class="button small" href={`/api/v1/conference/history/${h.id}/audio?format=${f}&download=1`} download>{`${v.t('conference.download')} ${f.toUpperCase()}`}</a>
              ))}
            </p>
          </>
        )}
        {h.hasRecording && v.can('vconference', 'email') && (
          <form method="post" action="/conference/history/email" class="inline">
            <CsrfField v={v} />
            <input type="hidden" name="id" value={h.id} />
            <button type="submit" class="button small">{v.t('conference.emailSelected')}</button>
          </form>
        )}
      </section>
      <section class="data-table table-wrap" aria-labelledby="conf-participants">
        <h2 id="conf-participants">{v.t('conference.participants')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{v.t('conference.caller')}</th>
              <th scope="col">{v.t('conference.role')}</th>
              <th scope="col">{v.t('conference.joinedAt')}</th>
              <th scope="col">{v.t('conference.leftAt')}</th>
            </tr>
          </thead>
          <tbody>
            {h.participantList.map((p) => (
              <tr>
                <th scope="row">{[p.callerName, p.callerNumber].filter(Boolean).join(' · ')}</th>
                <td>{v.t(p.role === 'admin' ? 'conference.role.admin' : 'conference.role.participant')}</td>
                <td>{formatDateTime(p.joinedAt, fmt)}</td>
                <td>{p.leftAt ? formatDateTime(p.leftAt, fmt) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Layout>
  );
}
