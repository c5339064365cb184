import { and, eq, gt, inArray, lt, ne, sql } from 'drizzle-orm';
import type { BatchItem, Db } from '../../db.js';
import type { Deps } from '../../deps.js';
import { conferenceCommands, conferenceInvitees, conferenceLive, conferenceRooms, sites, users } from '../../../schema/index.js';
import { ApiError, fieldError, notFound } from '../../errors.js';
import { isLanguage, type Language } from '../../i18n/index.js';
import { auditEntry } from '../audit/audit-entry.js';
import { hashPassword, verifyPassword } from '../auth/password.js';
import { newId } from '../auth/random.js';
import { canSeeSite, inScopeSites, type Scope } from '../scope.js';
import { mayManageRoom } from './conference-visibility.js';
import { commitRoomChange, revisionItem } from './room-revisions.js';
import { cancellationMailItems, invitationMailItems, type InvitationRoom, type Invitee, type Organizer } from './invitations.js';
import { roomStatus, visibleRoom, type RoomRow } from './room-read.js';
import { DEFAULT_OPTIONS, type InviteesInput, type RoomCreate, type RoomUpdate } from './room-schemas.js';

type WriteDeps = Pick<Deps, 'db' | 'kdf' | 'config' | 'now'>;

async function siteFor(db: Db, scope: Scope, siteId: string | undefined) {
  const [site] = await db
    .select()
    .from(sites)
    .where(and(eq(sites.orgId, scope.orgId), siteId ? eq(sites.id, siteId) : undefined, inScopeSites(sites.id, scope)))
    .orderBy(sql`${sites.name} collate nocase`)
    .limit(1);
  if (!site || !canSeeSite(scope, site.id)) throw siteId ? fieldError('siteId', 'err.notFound') : notFound('site');
  return site;
}

/** A public room number is reused only by windows that do not overlap. */
async function checkNumberFree(db: Db, siteId: string, number: string, startsAt: Date, endsAt: Date, exceptId?: string): Promise<void> {
  const [clash] = await db
    .select({ id: conferenceRooms.id })
    .from(conferenceRooms)
    .where(and(eq(conferenceRooms.siteId, siteId), eq(conferenceRooms.kind, 'public'), eq(conferenceRooms.number, number), lt(conferenceRooms.startsAt, endsAt), gt(conferenceRooms.endsAt, startsAt), exceptId ? ne(conferenceRooms.id, exceptId) : undefined))
    .limit(1);
  if (clash) throw fieldError('number', 'conference.err.numberTaken');
}

type StoredInvitee = Invitee & { userId: string | null };

const languageOr = (value: string, fallback: string): Language => (isLanguage(value) ? value : isLanguage(fallback) ? fallback : 'pt-BR');

/**
 * The invitees as addresses with a language: users by id (this organization only) in their own
 * language, and free e-mails in the organization's default (RAMAL_LANGUAGE).
 */
async function resolveInvitees(db: Db, scope: Scope, input: InviteesInput, fallbackLanguage: string): Promise<StoredInvitee[]> {
  const out = new Map<string, StoredInvitee>();
  const ids = [...new Set(input.userIds)];
  for (let i = 0; i < ids.length; i += 50) {
    const part = ids.slice(i, i + 50);
    const rows = await db.select({ id: users.id, email: users.email, fullName: users.fullName, language: users.language }).from(users).where(and(eq(users.orgId, scope.orgId), inArray(users.id, part)));
    if (rows.length !== part.length) throw fieldError('invitees.userIds', 'err.notFound');
    for (const u of rows) out.set(u.email.toLowerCase(), { userId: u.id, email: u.email.toLowerCase(), name: u.fullName, language: languageOr(u.language, fallbackLanguage) });
  }
  for (const email of input.emails) {
    if (!out.has(email)) out.set(email, { userId: null, email, name: '', language: languageOr(fallbackLanguage, fallbackLanguage) });
  }
  return [...out.values()];
}

/**
 * The ORGANIZER of every iCalendar message about a room: whoever scheduled it, also when an
 * administrator changes or deletes it, since calendars match updates to the organizer they know.
 */
async function organizerOf(db: Db, scope: Scope, creatorId: string | null): Promise<Organizer> {
  const userId = creatorId ?? scope.userId;
  if (userId) {
    const [user] = await db.select({ fullName: users.fullName, email: users.email }).from(users).where(and(eq(users.id, userId), eq(users.orgId, scope.orgId)));
    if (user) return { name: user.fullName, email: user.email };
  }
  return { name: scope.actor.name, email: 'noreply@ramal.invalid' };
}

/**
 * The stored invitees with the language their mail goes out in: a user's own (looked up now, since
 * it may have changed), else the organization's default.
 */
async function storedInvitees(db: Db, roomId: string, fallbackLanguage: string): Promise<StoredInvitee[]> {
  const rows = await db
    .select({ userId: conferenceInvitees.userId, email: conferenceInvitees.email, name: conferenceInvitees.name, language: users.language })
    .from(conferenceInvitees)
    .leftJoin(users, eq(users.id, conferenceInvitees.userId))
    .where(eq(conferenceInvitees.roomId, roomId));
  return rows.map((r) => ({ userId: r.userId, email: r.email, name: r.name, language: languageOr(r.language ?? '', fallbackLanguage) }));
}

/** Who was invited and is no longer: a user by id, a free address by address. */
function removedInvitees(before: StoredInvitee[], after: StoredInvitee[]): StoredInvitee[] {
  const userIds = new Set(after.flatMap((i) => (i.userId ? [i.userId] : [])));
  const emails = new Set(after.map((i) => i.email));
  return before.filter((b) => !(b.userId && userIds.has(b.userId)) && !emails.has(b.email));
}

function inviteeRows(db: Db, orgId: string, roomId: string, invitees: StoredInvitee[], notifiedAt: Date): BatchItem[] {
  return invitees.map((i) => db.insert(conferenceInvitees).values({ id: newId(), orgId, roomId, userId: i.userId, email: i.email, name: i.name, notifiedAt }));
}

/** Schedules a public room (manual 4.3.1) and mails its invitations, in one batch. */
export async function createRoom(deps: WriteDeps, scope: Scope, input: RoomCreate): Promise<string> {
  const { db } = deps;
  const now = deps.now();
  const site = await siteFor(db, scope, input.siteId);
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (startsAt <= now) throw fieldError('startsAt', 'conference.err.past');
  await checkNumberFree(db, site.id, input.number, startsAt, endsAt);
  const [count] = await db.select({ n: sql<number>`count(*)` }).from(conferenceRooms).where(and(eq(conferenceRooms.siteId, site.id), eq(conferenceRooms.kind, 'public'), gt(conferenceRooms.endsAt, now)));
  if (Number(count?.n ?? 0) >= site.conferenceMaxRooms) {
    throw new ApiError('CONFLICT', `the site already has ${site.conferenceMaxRooms} rooms scheduled`, { messageKey: 'conference.err.roomLimit', messageParams: { max: site.conferenceMaxRooms } });
  }
  const id = newId();
  const organizer = await organizerOf(db, scope, scope.userId);
  const invitees = await resolveInvitees(db, scope, input.invitees ?? { userIds: [], emails: [] }, deps.config.RAMAL_LANGUAGE);
  const room = {
    id, orgId: scope.orgId, siteId: site.id, kind: 'public' as const, number: input.number, subject: input.subject, participantPin: input.participantPin,
    adminPinHash: await hashPassword(deps.kdf, input.adminPin, deps.config.RAMAL_KDF_COST), startsAt, endsAt, options: { ...DEFAULT_OPTIONS, ...input.options },
    maxParticipants: input.maxParticipants, description: input.description, invitationSequence: 0, createdBy: scope.userId, createdAt: now, updatedAt: now,
  };
  const items: BatchItem[] = [
    db.insert(conferenceRooms).values(room),
    revisionItem(db, scope, id, 0, 'create', now),
    ...inviteeRows(db, scope.orgId, id, invitees, now),
    ...invitationMailItems(db, { ...room, sequence: 0, participantPin: input.participantPin, conferenceCode: site.conferenceCode, timeZone: site.timeZone }, organizer, invitees, now, scope.userId),
    auditEntry(db, scope, { action: 'create', entityType: 'conferenceRoom', entityId: id, summary: `room ${input.number} ${input.subject}`.trim() }, now),
  ];
  await commitRoomChange(db, items);
  return id;
}

/** A room the actor may change: visible, theirs or administered, and not started yet (409 after). */
async function editableRoom(db: Db, scope: Scope, id: string, now: Date) {
  const room = await visibleRoom(db, scope, id);
  if (!mayManageRoom(scope, room)) throw new ApiError('FORBIDDEN', 'only the room\'s creator or a v-conference administrator may change it');
  if (roomStatus(room, now) !== 'scheduled') throw new ApiError('CONFLICT', 'the conference has started: the room can no longer be changed', { messageKey: 'conference.err.started' });
  return room;
}

/**
 * Changes a room before it starts. Every invitee kept or added gets the updated invitation with
 * the next SEQUENCE; those left out of a given list are dropped and get a CANCEL with that SEQUENCE.
 */
export async function updateRoom(deps: WriteDeps, scope: Scope, id: string, input: RoomUpdate): Promise<void> {
  const { db } = deps;
  const now = deps.now();
  const room = await editableRoom(db, scope, id, now);
  const startsAt = input.startsAt ? new Date(input.startsAt) : room.startsAt!;
  const endsAt = input.endsAt ? new Date(input.endsAt) : room.endsAt!;
  if (endsAt <= startsAt) throw fieldError('endsAt', 'conference.err.endBeforeStart');
  if (input.startsAt && startsAt <= now) throw fieldError('startsAt', 'conference.err.past');
  const participantPin = input.participantPin ?? room.participantPin ?? '';
  if (!input.adminPin && room.adminPinHash && (await verifyPassword(deps.kdf, participantPin, room.adminPinHash))) throw fieldError('participantPin', 'conference.err.pinsEqual');
  const number = input.number ?? room.number;
  await checkNumberFree(db, room.siteId, number, startsAt, endsAt, room.id);
  const organizer = await organizerOf(db, scope, room.createdBy);
  const current = await storedInvitees(db, room.id, deps.config.RAMAL_LANGUAGE);
  const wanted = input.invitees ?? { userIds: current.flatMap((c) => (c.userId ? [c.userId] : [])), emails: current.filter((c) => !c.userId).map((c) => c.email) };
  const invitees = await resolveInvitees(db, scope, wanted, deps.config.RAMAL_LANGUAGE);
  const sequence = room.invitationSequence + 1;
  const set = {
    number, subject: input.subject ?? room.subject, participantPin, startsAt, endsAt, options: { ...room.options, ...input.options },
    maxParticipants: input.maxParticipants ?? room.maxParticipants, description: input.description ?? room.description, invitationSequence: sequence, updatedAt: now,
    ...(input.adminPin ? { adminPinHash: await hashPassword(deps.kdf, input.adminPin, deps.config.RAMAL_KDF_COST) } : {}),
  };
  const changed: InvitationRoom = { ...room, ...set, participantPin, startsAt, endsAt, sequence, conferenceCode: room.conferenceCode, timeZone: room.timeZone };
  const items: BatchItem[] = [
    revisionItem(db, scope, room.id, sequence, 'update', now),
    db.update(conferenceRooms).set(set).where(and(eq(conferenceRooms.id, room.id), eq(conferenceRooms.orgId, scope.orgId))),
    db.delete(conferenceInvitees).where(eq(conferenceInvitees.roomId, room.id)),
    ...inviteeRows(db, scope.orgId, room.id, invitees, now),
    ...invitationMailItems(db, changed, organizer, invitees, now, scope.userId),
    ...cancellationMailItems(db, changed, organizer, removedInvitees(current, invitees), false, now, scope.userId),
    auditEntry(db, scope, { action: 'update', entityType: 'conferenceRoom', entityId: room.id, summary: `room ${number}` }, now),
  ];
  await commitRoomChange(db, items);
}

/**
 * Deletes a room with its invitees and live state; its history stays (sessions keep copies).
 * Until the room ends every invitee gets a CANCEL (SEQUENCE one above the last invitation);
 * after it, their calendars hold a past meeting and are left alone.
 */
export async function deleteRoom(deps: Pick<Deps, 'db' | 'config' | 'now'>, scope: Scope, id: string): Promise<RoomRow> {
  const { db } = deps;
  const now = deps.now();
  const room = await visibleRoom(db, scope, id);
  if (!mayManageRoom(scope, room)) throw new ApiError('FORBIDDEN', 'only the room\'s creator or a v-conference administrator may delete it');
  const cancels: BatchItem[] = [];
  if (room.startsAt && room.endsAt && roomStatus(room, now) !== 'ended') {
    const invitees = await storedInvitees(db, room.id, deps.config.RAMAL_LANGUAGE);
    const organizer = await organizerOf(db, scope, room.createdBy);
    const cancelled: InvitationRoom = { ...room, participantPin: room.participantPin ?? '', startsAt: room.startsAt, endsAt: room.endsAt, sequence: room.invitationSequence + 1 };
    cancels.push(...cancellationMailItems(db, cancelled, organizer, invitees, true, now, scope.userId));
  }
  await commitRoomChange(db, [
    revisionItem(db, scope, room.id, room.invitationSequence + 1, 'delete', now),
    db.delete(conferenceRooms).where(and(eq(conferenceRooms.id, room.id), eq(conferenceRooms.orgId, scope.orgId))),
    db.delete(conferenceInvitees).where(eq(conferenceInvitees.roomId, room.id)),
    db.delete(conferenceLive).where(eq(conferenceLive.roomId, room.id)),
    db.delete(conferenceCommands).where(eq(conferenceCommands.roomId, room.id)),
    ...cancels,
    auditEntry(db, scope, { action: 'delete', entityType: 'conferenceRoom', entityId: room.id, summary: `room ${room.number} ${room.subject}`.trim() }, now),
  ]);
  return room;
}
