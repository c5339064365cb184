import type { GadgetData } from '../../services/dashboard/gadgets.js';
import { formatBytes } from '../../services/table/format.js';
import type { ViewContext } from '../view-context.js';

const noData = (v: ViewContext) => <p>{v.t('gadget.noData')}</p>;

/** Manual 4.2, calendar of conferences: the next rooms grouped by day. */
export function ConferenceCalendar({ v, d }: { v: ViewContext; d: GadgetData }) {
  const c = d.conference;
  if (!c) return noData(v);
  if (!c.upcoming.length) return <p>{v.t('conference.gadget.noRooms')}</p>;
  const days = new Map<string, typeof c.upcoming>();
  for (const room of c.upcoming) {
    const day = new Intl.DateTimeFormat(v.locale, { dateStyle: 'full', timeZone: room.timeZone }).format(room.startsAt);
    days.set(day, [...(days.get(day) ?? []), room]);
  }
  return (
    <dl class="facts">
      {[...days].map(([day, rooms]) => (
        <>
          <dt>{day}</dt>
          {rooms.map((r) => (
            <dd>
              <a href={`/conference/${r.id}`}>{`${new Intl.DateTimeFormat(v.locale, { timeStyle: 'short', timeZone: r.timeZone }).format(r.startsAt)} · ${r.number}${r.subject ? ` · ${r.subject}` : ''}`}</a>
            </dd>
          ))}
        </>
      ))}
    </dl>
  );
}

/** Manual 4.2, conference time: minutes of conferences this month. */
export function ConferenceTime({ v, d }: { v: ViewContext; d: GadgetData }) {
  if (!d.conference) return noData(v);
  return <p class="big-number">{v.t('conference.gadget.minutesMonth', { n: d.conference.minutesThisMonth })}</p>;
}

/** Manual 4.2, stored recordings: how many and how much space. */
export function ConferenceRecordings({ v, d }: { v: ViewContext; d: GadgetData }) {
  if (!d.conference) return noData(v);
  return (
    <p>
      {`${v.t('conference.gadget.recordingsCount', { n: d.conference.recordings.count })} · ${formatBytes(d.conference.recordings.bytes, v.locale)}`}
    </p>
  );
}

/** Manual 4.2, participants in rooms now (from the media nodes' live state). */
export function ConferenceLiveNow({ v, d }: { v: ViewContext; d: GadgetData }) {
  if (!d.conference) return noData(v);
  return <p>{v.t('conference.gadget.peopleNow', { n: d.conference.live.participants, rooms: d.conference.live.rooms })}</p>;
}

