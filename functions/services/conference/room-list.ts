import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db.js';
import type { MessageKey } from '../../i18n/index.js';
import { conferenceRooms, sites, users } from '../../../schema/index.js';
import type { Scope } from '../scope.js';
import { formatDateTime } from '../table/format.js';
import type { ListSpec } from '../table/list-spec.js';
import { visibleRooms } from './conference-visibility.js';
import { roomStatus, type RoomStatus } from './room-read.js';

export interface RoomListRow {
  id: string;
  siteId: string;
  number: string;
  subject: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  creatorName: string | null;
  status: RoomStatus;
}

export const STATUS_KEYS: Record<RoomStatus, MessageKey> = {
  scheduled: 'conference.status.scheduled',
  open: 'conference.status.open',
  ended: 'conference.status.ended',
};

/** The rooms table (manual 4.3): soonest first by default; the page shows open rooms in bold. */
export function roomListSpec(db: Db, scope: Scope, now: Date): ListSpec<RoomListRow> {
  const base = (where: SQL | undefined) => and(visibleRooms(db, scope), where);
  const select = () =>
    db
      .select({
        id: conferenceRooms.id, siteId: conferenceRooms.siteId, number: conferenceRooms.number, subject: conferenceRooms.subject,
        startsAt: conferenceRooms.startsAt, endsAt: conferenceRooms.endsAt, timeZone: sites.timeZone, creatorName: users.fullName,
      })
      .from(conferenceRooms)
      .innerJoin(sites, eq(sites.id, conferenceRooms.siteId))
      .leftJoin(users, eq(users.id, conferenceRooms.createdBy));
  return {
    defaultSort: '-starts',
    idColumn: conferenceRooms.id,
    columns: [
      { key: 'number', label: 'conference.number', sortBy: conferenceRooms.number, sortValue: (r) => r.number, search: conferenceRooms.number, text: (r) => r.number, width: 1 },
      { key: 'subject', label: 'conference.subject', sortBy: sql`${conferenceRooms.subject} collate nocase`, sortValue: (r) => r.subject, search: conferenceRooms.subject, text: (r) => r.subject, width: 3 },
      { key: 'starts', label: 'conference.startsAt', sortBy: sql`coalesce(${conferenceRooms.startsAt}, 0)`, sortValue: (r) => r.startsAt.getTime(), text: (r, ctx) => formatDateTime(r.startsAt, { locale: ctx.locale, timeZone: r.timeZone }), width: 2 },
      { key: 'ends', label: 'conference.endsAt', sortBy: sql`coalesce(${conferenceRooms.endsAt}, 0)`, sortValue: (r) => r.endsAt.getTime(), text: (r, ctx) => formatDateTime(r.endsAt, { locale: ctx.locale, timeZone: r.timeZone }), width: 2 },
      { key: 'status', label: 'conference.status', text: (r, ctx) => ctx.t(STATUS_KEYS[r.status]), width: 1 },
      { key: 'creator', label: 'conference.creator', search: sql`coalesce(${users.fullName}, '')`, text: (r) => r.creatorName ?? '', width: 2 },
    ],
    fetch: async (where, orderBy, limit, offset) => {
      const rows = await select().where(base(where)).orderBy(...orderBy).limit(limit).offset(offset);
      return rows.map((r) => ({ ...r, startsAt: r.startsAt!, endsAt: r.endsAt!, status: roomStatus(r, now) }));
    },
    count: async (where) => {
      const [row] = await db.select({ n: sql<number>`count(*)` }).from(conferenceRooms).leftJoin(users, eq(users.id, conferenceRooms.createdBy)).where(base(where));
      return Number(row?.n ?? 0);
    },
  };
}
