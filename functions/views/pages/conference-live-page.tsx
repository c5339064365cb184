import type { LiveView } from '../../services/conference/live-state.js';
import { CsrfField } from '../form.js';
import { Layout } from '../layout.js';
import type { ViewContext } from '../view-context.js';
import { PageHeader } from './page-header.js';

type Live = LiveView & { mayModerate: boolean };

function Command({ v, roomId, action, participantId, label }: { v: ViewContext; roomId: string; action: string; participantId?: string; label: string }) {
  return (
    <form method="post" action={`/conference/${roomId}/live/commands`} class="inline">
      <CsrfField v={v} />
      <input type="hidden" name="action" value={action} />
      {participantId && <input type="hidden" name="participantId" value={participantId} />}
      <button type="submit" class={action === 'remove' ? 'button small danger' : 'button small'}>{label}</button>
    </form>
  );
}

/** The part of the live page the script reloads every 2 s (GET /conference/:id/live/fragment). */
export function LiveParticipants({ v, live }: { v: ViewContext; live: Live }) {
  if (!live.running || live.participants.length === 0) return <p data-live-empty>{v.t('conference.liveNone')}</p>;
  return (
    <>
      <p>
        {live.locked && <strong data-live-locked>{v.t('conference.locked')} </strong>}
        {live.mayModerate && <Command v={v} roomId={live.roomId} action={live.locked ? 'unlock' : 'lock'} label={v.t(live.locked ? 'conference.unlock' : 'conference.lock')} />}
      </p>
      <div class="data-table table-wrap">
        <table>
          <caption class="visually-hidden">{v.t('conference.participants')}</caption>
          <thead>
            <tr>
              <th scope="col">{v.t('conference.caller')}</th>
              <th scope="col">{v.t('conference.role')}</th>
              <th scope="col">{v.t('conference.status')}</th>
              {live.mayModerate && <th scope="col"><span class="visually-hidden">{v.t('conference.live')}</span></th>}
            </tr>
          </thead>
          <tbody>
            {live.participants.map((p) => (
              <tr data-participant={p.id}>
                <th scope="row">{[p.name, p.number].filter(Boolean).join(' · ')}</th>
                <td>{v.t(p.role === 'admin' ? 'conference.role.admin' : 'conference.role.participant')}</td>
                <td>
                  {p.talking && <strong data-talking>{v.t('conference.talking')} </strong>}
                  {p.muted && <span data-muted>{v.t('conference.muted')} </span>}
                  {p.listenOnly && <span>{v.t('conference.listenOnly')}</span>}
                </td>
                {live.mayModerate && (
                  <td>
                    <Command v={v} roomId={live.roomId} action={p.muted ? 'unmute' : 'mute'} participantId={p.id} label={`${v.t(p.muted ? 'conference.unmute' : 'conference.mute')}`} />
                    <Command v={v} roomId={live.roomId} action="remove" participantId={p.id} label={v.t('conference.remove')} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function ConferenceLivePage({ v, live, number, subject }: { v: ViewContext; live: Live; number: string; subject: string }) {
  const title = v.t('conference.liveTitle', { number });
  return (
    <Layout v={v} title={title}>
      <PageHeader title={title} back={{ href: `/conference/${live.roomId}`, label: `${v.t('conference.edit')} ${number}` }} />
      {subject && <p>{subject}</p>}
      <section class="card" aria-live="polite" data-refresh={`/conference/${live.roomId}/live/fragment`} data-refresh-ms="2000">
        <LiveParticipants v={v} live={live} />
      </section>
    </Layout>
  );
}
