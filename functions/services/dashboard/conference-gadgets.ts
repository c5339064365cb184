import { and, asc, eq, gt, gte, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { conferenceLive, conferenceRooms, conferenceSessions, sites } from '../../../schema/index.js';
import { visibleRooms } from '../conference/conference-visibility.js';
import { historyCondition } from '../conference/history-list.js';
import { LIVE_STALE_MS } from '../conference/live-state.js';
import { localToUtc, utcToLocal } from '../conference/local-time.js';
import type { Scope } from '../scope.js';
import { organizationTimeZone } from '../sites/site-service.js';

export interface ConferenceGadgets {
  /** The next rooms (manual 4.2 "calendar of conferences"), soonest first, open ones included. */
  upcoming: { id: string; number: string; subject: string; startsAt: Date; endsAt: Date; timeZone: string }[];
  /** Conference time this calendar month (organization's time zone). */
  minutesThisMonth: number;
  recordings: { count: number; bytes: number };
  live: { rooms: number; participants: number };
}

/** The start of the current month on the organization's clock, as an instant. */
function monthStart(now: Date, timeZone: string): Date {
  return localToUtc(`${utcToLocal(now, timeZone).slice(0, 7)}-01T00:00`, timeZone) ?? now;
}

/** The v-conference gadgets' numbers, over what the actor may see. */
export async function conferenceGadgets(db: Db, scope: Scope, now: Date): Promise<ConferenceGadgets> {
  const zone = await organizationTimeZone(db, scope.orgId);
  const visibleHistory = historyCondition(db, scope);
  const [upcoming, [time], [recordings], live] = await Promise.all([
    db
      .select({ id: conferenceRooms.id, number: conferenceRooms.number, subject: conferenceRooms.subject, startsAt: conferenceRooms.startsAt, endsAt: conferenceRooms.endsAt, timeZone: sites.timeZone })
      .from(conferenceRooms)
      .innerJoin(sites, eq(sites.id, conferenceRooms.siteId))
      .where(and(visibleRooms(db, scope), gt(conferenceRooms.endsAt, now)))
      .orderBy(asc(conferenceRooms.startsAt), asc(conferenceRooms.id))
      .limit(8),
    db
      .select({ ms: sql<number>`coalesce(sum(coalesce(${conferenceSessions.endedAt}, ${now.getTime()}) - ${conferenceSessions.startedAt}), 0)` })
      .from(conferenceSessions)
      .where(and(visibleHistory, gte(conferenceSessions.startedAt, monthStart(now, zone)))),
    db
      .select({ count: sql<number>`count(*)`, bytes: sql<number>`coalesce(sum(${conferenceSessions.recordingBytes}), 0)` })
      .from(conferenceSessions)
      .where(and(visibleHistory, isNotNull(conferenceSessions.recordingAudioId))),
    db
      .select({ participants: conferenceLive.participants })
      .from(conferenceLive)
      .innerJoin(conferenceRooms, eq(conferenceRooms.id, conferenceLive.roomId))
      .where(and(visibleRooms(db, scope), gt(conferenceLive.updatedAt, new Date(now.getTime() - LIVE_STALE_MS)))),
  ]);
  return {
    upcoming: upcoming.map((r) => ({ ...r, startsAt: r.startsAt!, endsAt: r.endsAt! })),
    minutesThisMonth: Math.round(Number(time?.ms ?? 0) / 60_000),
    recordings: { count: Number(recordings?.count ?? 0), bytes: Number(recordings?.bytes ?? 0) },
    live: { rooms: live.filter((l) => l.participants.length > 0).length, participants: live.reduce((n, l) => n + l.participants.length, 0) },
  };
}
