import type { RecordingDetails, RecordingParticipant } from '../../services/call-recordings/recording-contract.js';
import { formatDateTime } from '../../services/table/format.js';
import { formatCallDuration } from '../../services/call-recordings/recording-list.js';
import { CsrfField } from '../form.js';
import { Layout } from '../layout.js';
import type { ViewContext } from '../view-context.js';
import { PageHeader } from './page-header.js';
import { RecordingPlayer, RECORDING_FORMATS } from './recordings-player.js';

type Fmt = { locale: string; timeZone: string };

/** A SIP Call-ID has no spaces; break chances keep it inside a 360 px screen. */
function breakable(text: string) {
  const parts = text.match(/.{1,12}/g) ?? [text];
  return <>{parts.map((part, i) => (i ? <><wbr />{part}</> : part))}</>;
}

/** Stereo files keep one side per channel; a mono file has no side to name. */
function channelText(v: ViewContext, r: RecordingDetails, p: RecordingParticipant): string {
  if (r.channels < 2 || p.channel === null) return '—';
  return v.t(p.channel === 0 ? 'vrec.channel.left' : 'vrec.channel.right');
}

function Participants({ v, r, fmt }: { v: ViewContext; r: RecordingDetails; fmt: Fmt }) {
  const stereo = r.channels > 1;
  const cols = [v.t('vrec.participant'), v.t('vrec.kind'), v.t('vrec.joinedAt'), v.t('vrec.leftAt'), ...(stereo ? [v.t('vrec.channel')] : [])];
  return (
    <section class="data-table" aria-labelledby="rec-participants">
      <h2 id="rec-participants">{v.t('vrec.participants')}</h2>
      {r.participants.length === 0 ? (
        <p class="hint">{v.t('vrec.noParticipants')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                {cols.map((c) => (
                  <th scope="col">{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {r.participants.map((p) => (
                <tr>
                  <td data-label={cols[0]}>{[p.number, p.name].filter(Boolean).join(' · ') || '—'}</td>
                  <td data-label={cols[1]}>{v.t(p.internal ? 'vrec.internal' : 'vrec.external')}</td>
                  <td data-label={cols[2]}>{formatDateTime(p.joinedAt, fmt)}</td>
                  <td data-label={cols[3]}>{p.leftAt ? formatDateTime(p.leftAt, fmt) : '—'}</td>
                  {stereo && <td data-label={cols[4]}>{channelText(v, r, p)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Notes({ v, r, fmt, noteError, noteBody }: { v: ViewContext; r: RecordingDetails; fmt: Fmt; noteError?: string | undefined; noteBody: string }) {
  return (
    <section class="card" aria-labelledby="rec-notes">
      <h2 id="rec-notes">{v.t('vrec.notes')}</h2>
      {r.noteList.length === 0 && <p class="hint">{v.t('vrec.noNotes')}</p>}
      {r.noteList.length > 0 && (
        // A table, so that long words wrap on phones like every other card.
        <div class="data-table table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{v.t('vrec.noteAuthor')}</th>
                <th scope="col">{v.t('vrec.noteTime')}</th>
                <th scope="col">{v.t('vrec.note')}</th>
              </tr>
            </thead>
            <tbody>
              {r.noteList.map((n) => (
                <tr>
                  <td data-label={v.t('vrec.noteAuthor')}>{n.authorName || v.t('vrec.unknownAuthor')}</td>
                  <td data-label={v.t('vrec.noteTime')}>{formatDateTime(n.createdAt, fmt)}</td>
                  <td data-label={v.t('vrec.note')}>{n.body}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {v.can('vrec', 'edit') && (
        <form method="post" action={`/recordings/${r.id}/notes`}>
          <CsrfField v={v} />
          <div class={noteError ? 'field has-error' : 'field'}>
            <label for="f-body">{v.t('vrec.noteBody')}</label>
            <textarea id="f-body" name="body" rows={3} maxlength={4000} required aria-invalid={noteError ? 'true' : undefined} aria-describedby={noteError ? 'e-body' : undefined}>{noteBody}</textarea>
            {noteError && <p class="field-error" id="e-body">{noteError}</p>}
          </div>
          <button type="submit" class="button primary">{v.t('vrec.addNote')}</button>
        </form>
      )}
    </section>
  );
}

/** A format picker and its button, as one small form; the two labels tell the pickers apart. */
function FormatPicker({ v, id, label }: { v: ViewContext; id: string; label: string }) {
  return (
    <>
      <label for={id}>{`${v.t('vrec.format')} (${label})`}</label>
      <select id={id} name="format">
        {RECORDING_FORMATS.map((f) => (
          <option value={f}>{v.t(`vrec.format.${f}`)}</option>
        ))}
      </select>
    </>
  );
}

function AudioActions({ v, r }: { v: ViewContext; r: RecordingDetails }) {
  return (
    <section class="card" aria-labelledby="rec-audio">
      <h2 id="rec-audio">{v.t('vrec.audio')}</h2>
      {v.can('vrec', 'listen') && (
        <>
          <RecordingPlayer v={v} id={r.id} protocol={r.protocol} />
          <form method="get" action={`/recordings/${r.id}/download`} class="field">
            <FormatPicker v={v} id="rec-download-format" label={v.t('vrec.download')} />
            <button type="submit" class="button small">{v.t('vrec.download')}</button>
          </form>
        </>
      )}
      {v.can('vrec', 'email') && (
        <form method="post" action="/recordings/email" class="field">
          <CsrfField v={v} />
          <input type="hidden" name="id" value={r.id} />
          <input type="hidden" name="back" value="details" />
          <FormatPicker v={v} id="rec-email-format" label={v.t('vrec.sendEmail')} />
          <button type="submit" class="button small">{v.t('vrec.sendEmail')}</button>
        </form>
      )}
      {v.can('vrec', 'delete') && (
        <form method="post" action="/recordings/delete" class="form-actions">
          <CsrfField v={v} />
          <input type="hidden" name="id" value={r.id} />
          <button type="submit" class="button small danger" data-confirm={v.t('vrec.confirmDeleteOne', { protocol: r.protocol })}>{v.t('vrec.delete')}</button>
        </form>
      )}
    </section>
  );
}

/** One recording (manual 5.3): its facts, participants with their times and sides, notes, audio. */
export function RecordingDetailPage({ v, r, noteError, noteBody = '' }: { v: ViewContext; r: RecordingDetails; noteError?: string | undefined; noteBody?: string }) {
  const fmt = { locale: v.locale, timeZone: r.timeZone };
  const title = v.t('vrec.detailTitle', { protocol: r.protocol });
  return (
    <Layout v={v} title={title}>
      <PageHeader title={title} back={{ href: '/recordings', label: v.t('vrec.title') }} />
      <dl class="card facts">
        <dt>{v.t('vrec.startedAt')}</dt><dd>{formatDateTime(r.startedAt, fmt)}</dd>
        <dt>{v.t('vrec.endedAt')}</dt><dd>{formatDateTime(r.endedAt, fmt)}</dd>
        <dt>{v.t('vrec.duration')}</dt><dd>{formatCallDuration(r.durationMs)}</dd>
        <dt>{v.t('vrec.type')}</dt><dd>{v.t(`vrec.type.${r.type}`)}</dd>
        <dt>{v.t('vrec.access')}</dt><dd>{r.access || '—'}</dd>
        <dt>{v.t('vrec.identification')}</dt><dd>{r.identification || '—'}</dd>
        <dt>{v.t('vrec.site')}</dt><dd>{r.siteName}</dd>
        <dt>{v.t('vrec.source')}</dt><dd>{v.t(`vrec.source.${r.source}`)}</dd>
        <dt>{v.t('vrec.channels')}</dt><dd>{v.t(r.channels > 1 ? 'vrec.channels.stereo' : 'vrec.channels.mono')}</dd>
        <dt>{v.t('vrec.callRef')}</dt><dd>{r.callRef ? breakable(r.callRef) : '—'}</dd>
      </dl>
      <AudioActions v={v} r={r} />
      <Participants v={v} r={r} fmt={fmt} />
      <Notes v={v} r={r} fmt={fmt} noteError={noteError} noteBody={noteBody} />
    </Layout>
  );
}
