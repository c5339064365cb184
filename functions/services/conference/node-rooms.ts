import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import type { Db } from '../../db.js';
import { conferencePinFailures, conferenceRooms, extensions } from '../../../schema/index.js';
import { ApiError, notFound } from '../../errors.js';
import { hashPassword, verifyPassword } from '../auth/password.js';
import { newId } from '../auth/random.js';
import type { PinCheckResult, RoomLookup } from './node-conference-contract.js';
import { DEFAULT_OPTIONS } from './room-schemas.js';
import type { RoomRow } from './room-read.js';

export const PIN_MAX_FAILURES = 5;
export const PIN_LOCK_MS = 15 * 60_000;

interface SiteRef {
  orgId: string;
  siteId: string;
}

/** The room a caller dialling `number` reaches now: a public room inside its window, else the extension's private room. */
export async function openRoom(db: Db, site: SiteRef, number: string, now: Date): Promise<RoomRow | null> {
  const here = and(eq(conferenceRooms.orgId, site.orgId), eq(conferenceRooms.siteId, site.siteId), eq(conferenceRooms.number, number));
  const [scheduled] = await db.select().from(conferenceRooms).where(and(here, eq(conferenceRooms.kind, 'public'), lte(conferenceRooms.startsAt, now), gt(conferenceRooms.endsAt, now))).limit(1);
  if (scheduled) return scheduled;
  const [own] = await db.select().from(conferenceRooms).where(and(here, eq(conferenceRooms.kind, 'private'))).limit(1);
  return own ?? null;
}

/** GET /rooms/:number: open, closed with the next window, or 404 when the number names no room. */
export async function lookupRoom(db: Db, site: SiteRef, number: string, now: Date): Promise<RoomLookup> {
  const room = await openRoom(db, site, number, now);
  if (room) {
    return { state: 'open', roomId: room.id, kind: room.kind, number: room.number, subject: room.subject, options: { ...DEFAULT_OPTIONS, ...room.options }, maxParticipants: room.maxParticipants, endsAt: room.endsAt?.toISOString() ?? null };
  }
  const here = and(eq(conferenceRooms.orgId, site.orgId), eq(conferenceRooms.siteId, site.siteId), eq(conferenceRooms.number, number), eq(conferenceRooms.kind, 'public'));
  const [next] = await db.select().from(conferenceRooms).where(and(here, gt(conferenceRooms.startsAt, now))).orderBy(asc(conferenceRooms.startsAt)).limit(1);
  if (next) return { state: 'closed', number, nextStartsAt: next.startsAt!.toISOString(), nextEndsAt: next.endsAt!.toISOString() };
  const [past] = await db.select({ id: conferenceRooms.id }).from(conferenceRooms).where(here).limit(1);
  if (past) return { state: 'closed', number, nextStartsAt: null, nextEndsAt: null };
  throw notFound('conference room');
}

async function roleFor(deps: Pick<Deps, 'kdf'>, room: RoomRow, pin: string, callerNumber: string): Promise<'admin' | 'participant' | null> {
  if (room.kind === 'private') {
    if (!room.adminPinHash || !(await verifyPassword(deps.kdf, pin, room.adminPinHash))) return null;
    // The owner's own phone moderates its room; anyone else with the PIN takes part.
    return callerNumber === room.number ? 'admin' : 'participant';
  }
  if (room.adminPinHash && (await verifyPassword(deps.kdf, pin, room.adminPinHash))) return 'admin';
  return room.participantPin === pin ? 'participant' : null;
}

/**
 * Checks a PIN typed into the room open now. Wrong PINs count per room and caller number, in one
 * atomic upsert so parallel guesses cannot slip past the limit; the fifth locks that caller out
 * for 15 minutes. A locked caller is refused whatever they type.
 */
export async function checkRoomPin(deps: Pick<Deps, 'db' | 'kdf' | 'now'>, site: SiteRef, number: string, pin: string, callerNumber: string): Promise<PinCheckResult> {
  const { db } = deps;
  const now = deps.now();
  const room = await openRoom(db, site, number, now);
  if (!room) {
    await lookupRoom(db, site, number, now);
    throw new ApiError('CONFLICT', 'the room is closed now');
  }
  const key = and(eq(conferencePinFailures.roomId, room.id), eq(conferencePinFailures.callerNumber, callerNumber));
  const [failures] = await db.select().from(conferencePinFailures).where(key);
  if (failures?.lockedUntil && failures.lockedUntil > now) return { role: null, roomId: room.id, attemptsLeft: 0, locked: true, lockedUntil: failures.lockedUntil.toISOString() };
  const role = await roleFor(deps, room, pin, callerNumber);
  if (role) {
    if (failures) await db.delete(conferencePinFailures).where(key);
    return { role, roomId: room.id, attemptsLeft: PIN_MAX_FAILURES, locked: false, lockedUntil: null };
  }
  const reaches = sql`${conferencePinFailures.failures} + 1 >= ${PIN_MAX_FAILURES}`;
  const [after] = await db
    .insert(conferencePinFailures)
    .values({ roomId: room.id, callerNumber, failures: 1, lockedUntil: null })
    .onConflictDoUpdate({
      target: [conferencePinFailures.roomId, conferencePinFailures.callerNumber],
      set: {
        failures: sql`case when ${reaches} then 0 else ${conferencePinFailures.failures} + 1 end`,
        lockedUntil: sql`case when ${reaches} then ${now.getTime() + PIN_LOCK_MS} else null end`,
      },
    })
    .returning();
  if (after?.lockedUntil) return { role: null, roomId: room.id, attemptsLeft: 0, locked: true, lockedUntil: after.lockedUntil.toISOString() };
  return { role: null, roomId: room.id, attemptsLeft: PIN_MAX_FAILURES - (after?.failures ?? 0), locked: false, lockedUntil: null };
}

/** The owner's phone sets its private room's PIN; the room is made on first use. */
export async function setPrivatePin(deps: Pick<Deps, 'db' | 'kdf' | 'config' | 'now'>, site: SiteRef, extension: string, pin: string): Promise<void> {
  const { db } = deps;
  const [ext] = await db.select({ userId: extensions.userId }).from(extensions).where(and(eq(extensions.orgId, site.orgId), eq(extensions.siteId, site.siteId), eq(extensions.number, extension)));
  if (!ext) throw notFound('extension');
  const now = deps.now();
  const adminPinHash = await hashPassword(deps.kdf, pin, deps.config.RAMAL_KDF_COST);
  const mine = and(eq(conferenceRooms.siteId, site.siteId), eq(conferenceRooms.number, extension), eq(conferenceRooms.kind, 'private'));
  const [room] = await db.select({ id: conferenceRooms.id }).from(conferenceRooms).where(mine);
  if (room) {
    await db.batch([
      db.update(conferenceRooms).set({ adminPinHash, updatedAt: now }).where(eq(conferenceRooms.id, room.id)),
      db.delete(conferencePinFailures).where(eq(conferencePinFailures.roomId, room.id)),
    ]);
    return;
  }
  await db.insert(conferenceRooms).values({
    id: newId(), orgId: site.orgId, siteId: site.siteId, kind: 'private', number: extension, subject: '', participantPin: null, adminPinHash,
    startsAt: null, endsAt: null, options: { ...DEFAULT_OPTIONS }, maxParticipants: 50, createdBy: ext.userId, createdAt: now, updatedAt: now,
  });
}
