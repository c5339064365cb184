import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { conferenceInvitees, conferenceRooms, sites, users, type RoomOptions } from '../../../schema/index.js';
import { notFound } from '../../errors.js';
import type { Scope } from '../scope.js';
import { visibleRooms } from './conference-visibility.js';
import { dialIn } from './invitations.js';

export type RoomRow = typeof conferenceRooms.$inferSelect;
export type RoomStatus = 'scheduled' | 'open' | 'ended';

export interface RoomDetail {
  id: string;
  siteId: string;
  siteName: string;
  timeZone: string;
  number: string;
  subject: string;
  participantPin: string;
  startsAt: Date;
  endsAt: Date;
  status: RoomStatus;
  options: RoomOptions;
  maxParticipants: number;
  description: string;
  dialIn: string;
  createdBy: string | null;
  creatorName: string | null;
  invitees: { id: string; userId: string | null; email: string; name: string; notifiedAt: Date | null }[];
}

/** Before the window, inside it (callers are admitted), or after it. */
export function roomStatus(room: { startsAt: Date | null; endsAt: Date | null }, now: Date): RoomStatus {
  if (!room.startsAt || !room.endsAt) return 'open';
  if (now < room.startsAt) return 'scheduled';
  return now < room.endsAt ? 'open' : 'ended';
}

/** A room the actor may see, else 404 (another organization's, another site's, not invited). */
export async function visibleRoom(db: Db, scope: Scope, id: string): Promise<RoomRow & { conferenceCode: string; timeZone: string; siteName: string }> {
  const [row] = await db
    .select({ room: conferenceRooms, conferenceCode: sites.conferenceCode, timeZone: sites.timeZone, siteName: sites.name })
    .from(conferenceRooms)
    .innerJoin(sites, eq(sites.id, conferenceRooms.siteId))
    .where(and(eq(conferenceRooms.id, id), visibleRooms(db, scope)));
  if (!row) throw notFound('conference room');
  return { ...row.room, conferenceCode: row.conferenceCode, timeZone: row.timeZone, siteName: row.siteName };
}

export async function getRoomDetail(db: Db, scope: Scope, id: string, now: Date): Promise<RoomDetail> {
  const room = await visibleRoom(db, scope, id);
  const [invitees, creator] = await Promise.all([
    db
      .select({ id: conferenceInvitees.id, userId: conferenceInvitees.userId, email: conferenceInvitees.email, name: conferenceInvitees.name, notifiedAt: conferenceInvitees.notifiedAt })
      .from(conferenceInvitees)
      .where(eq(conferenceInvitees.roomId, room.id))
      .orderBy(sql`${conferenceInvitees.email}`),
    room.createdBy ? db.select({ fullName: users.fullName }).from(users).where(eq(users.id, room.createdBy)) : Promise.resolve([]),
  ]);
  return {
    id: room.id, siteId: room.siteId, siteName: room.siteName, timeZone: room.timeZone, number: room.number, subject: room.subject,
    participantPin: room.participantPin ?? '', startsAt: room.startsAt!, endsAt: room.endsAt!, status: roomStatus(room, now), options: room.options,
    maxParticipants: room.maxParticipants, description: room.description, dialIn: dialIn(room), createdBy: room.createdBy,
    creatorName: creator[0]?.fullName ?? null, invitees,
  };
}

export function roomJson(r: RoomDetail) {
  return {
    ...r,
    startsAt: r.startsAt.toISOString(),
    endsAt: r.endsAt.toISOString(),
    invitees: r.invitees.map((i) => ({ ...i, notifiedAt: i.notifiedAt?.toISOString() ?? null })),
  };
}
