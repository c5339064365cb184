import { and, asc, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { BatchItem, Db } from '../../db.js';
import { conferenceCommands, conferenceLive, conferenceRooms, type LiveParticipant } from '../../../schema/index.js';
import { ApiError, fieldError } from '../../errors.js';
import { newId } from '../auth/random.js';
import type { Scope } from '../scope.js';
import { mayManageRoom } from './conference-visibility.js';
import type { LiveAnswer, LivePush } from './node-conference-contract.js';
import { LivePushSchema } from './node-conference-contract.js';
import { visibleRoom } from './room-read.js';

/** The node pushes every second; a state older than this means the room stopped or the node is gone. */
export const LIVE_STALE_MS = 10_000;
/** A command the node has not picked up by then is dropped: muting someone a minute late surprises. */
export const COMMAND_TTL_MS = 60_000;

const chunk = <T>(items: T[], size = 50): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

interface SiteRef {
  orgId: string;
  siteId: string;
}

/**
 * PUT /live from a node: stores each running room's state (rooms of other sites are ignored),
 * forgets rooms no longer listed, marks acked commands done, and answers what is still pending.
 */
export async function pushLive(db: Db, site: SiteRef, input: LivePush, now: Date): Promise<LiveAnswer> {
  const push = LivePushSchema.parse(input);
  const ids = [...new Set(push.rooms.map((r) => r.roomId))];
  const known = new Set<string>();
  for (const part of chunk(ids)) {
    for (const r of await db.select({ id: conferenceRooms.id }).from(conferenceRooms).where(and(eq(conferenceRooms.siteId, site.siteId), eq(conferenceRooms.orgId, site.orgId), inArray(conferenceRooms.id, part)))) known.add(r.id);
  }
  const current = await db.select({ roomId: conferenceLive.roomId }).from(conferenceLive).where(eq(conferenceLive.siteId, site.siteId));
  const gone = current.map((r) => r.roomId).filter((id) => !known.has(id));
  const items: BatchItem[] = [];
  for (const room of push.rooms) {
    if (!known.has(room.roomId)) continue;
    const participants: LiveParticipant[] = room.participants.map((p) => ({ ...p, joinedAt: new Date(p.joinedAt).toISOString() }));
    const values = { sessionId: room.sessionId, locked: room.locked, participants, updatedAt: now };
    items.push(db.insert(conferenceLive).values({ roomId: room.roomId, orgId: site.orgId, siteId: site.siteId, ...values }).onConflictDoUpdate({ target: conferenceLive.roomId, set: values }));
  }
  for (const part of chunk(gone)) items.push(db.delete(conferenceLive).where(and(eq(conferenceLive.siteId, site.siteId), inArray(conferenceLive.roomId, part))));
  for (const part of chunk([...new Set(push.acked)])) {
    items.push(db.update(conferenceCommands).set({ ackedAt: now }).where(and(eq(conferenceCommands.siteId, site.siteId), isNull(conferenceCommands.ackedAt), inArray(conferenceCommands.id, part))));
  }
  if (items.length) await db.batch(items as [BatchItem, ...BatchItem[]]);
  const pending = await db
    .select({ id: conferenceCommands.id, roomId: conferenceCommands.roomId, action: conferenceCommands.action, participantId: conferenceCommands.participantId })
    .from(conferenceCommands)
    .where(and(eq(conferenceCommands.siteId, site.siteId), isNull(conferenceCommands.ackedAt), gt(conferenceCommands.createdAt, new Date(now.getTime() - COMMAND_TTL_MS))))
    .orderBy(asc(conferenceCommands.createdAt), asc(conferenceCommands.id));
  return { commands: pending };
}

export interface LiveView {
  roomId: string;
  running: boolean;
  sessionId: string | null;
  locked: boolean;
  participants: LiveParticipant[];
  updatedAt: Date | null;
}

/** A room's participants now, from the node's last push; empty when nothing fresh is known. */
export async function liveRoom(db: Db, roomId: string, now: Date): Promise<LiveView> {
  const [row] = await db.select().from(conferenceLive).where(eq(conferenceLive.roomId, roomId));
  if (!row || now.getTime() - row.updatedAt.getTime() > LIVE_STALE_MS) return { roomId, running: false, sessionId: null, locked: false, participants: [], updatedAt: null };
  return { roomId, running: true, sessionId: row.sessionId, locked: row.locked, participants: row.participants, updatedAt: row.updatedAt };
}

export async function visibleLive(db: Db, scope: Scope, roomId: string, now: Date): Promise<LiveView & { mayModerate: boolean }> {
  const room = await visibleRoom(db, scope, roomId);
  return { ...(await liveRoom(db, room.id, now)), mayModerate: mayManageRoom(scope, room) };
}

export interface CommandInput {
  action: 'mute' | 'unmute' | 'remove' | 'lock' | 'unlock';
  participantId?: string | undefined;
}

/** Queues a moderator's command for the node; only for a running room and a participant in it. */
export async function queueCommand(db: Db, scope: Scope, roomId: string, input: CommandInput, now: Date): Promise<string> {
  const room = await visibleRoom(db, scope, roomId);
  if (!mayManageRoom(scope, room)) throw new ApiError('FORBIDDEN', 'only the room\'s creator or a v-conference administrator moderates it');
  const live = await liveRoom(db, room.id, now);
  if (!live.running) throw new ApiError('CONFLICT', 'the conference is not running', { messageKey: 'conference.err.notRunning' });
  const forParticipant = input.action === 'mute' || input.action === 'unmute' || input.action === 'remove';
  if (forParticipant && !input.participantId) throw fieldError('participantId', 'err.required');
  if (forParticipant && !live.participants.some((p) => p.id === input.participantId)) throw fieldError('participantId', 'conference.err.notInRoom');
  const id = newId();
  await db.insert(conferenceCommands).values({
    id, orgId: scope.orgId, siteId: room.siteId, roomId: room.id, action: input.action, participantId: forParticipant ? input.participantId! : null,
    createdBy: scope.userId, createdAt: now, ackedAt: null,
  });
  return id;
}
