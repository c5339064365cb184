import { and, eq, isNull, sql } from 'drizzle-orm';
import type { BatchItem, Db } from '../../db.js';
import type { Deps } from '../../deps.js';
import { conferenceParticipants, conferenceRooms, conferenceSessions } from '../../../schema/index.js';
import { domainEvent } from '../events/domain-event.js';
import { EVENT_CATALOGUE } from '../events/event-catalogue.js';
import { derivedId } from '../voicemail/derived-id.js';
import { AudioStoredSchema, type StoredAudioEvent } from '../voicemail/stored-audio.js';
import { RecordingAudioMetadataSchema } from './node-conference-contract.js';

type IngestDeps = Pick<Deps, 'db' | 'log' | 'now'>;

export interface ConferenceEvent {
  id: string;
  orgId: string;
  siteId: string | null;
  type: string;
  payload: Record<string, unknown>;
}

/** History rows follow from the site and the node's ids, so a re-dispatched event lands on the same rows. */
export const sessionIdFor = (siteId: string, nodeSessionId: string) => derivedId(`conference.session:${siteId}:${nodeSessionId}`);
const participantIdFor = (siteId: string, nodeSessionId: string, participantId: string) => derivedId(`conference.participant:${siteId}:${nodeSessionId}:${participantId}`);

/** The room an event is about; null for private rooms, which keep no history. */
async function publicRoom(db: Db, orgId: string, siteId: string, roomId: string): Promise<{ number: string; subject: string; createdBy: string | null } | null> {
  const [room] = await db.select().from(conferenceRooms).where(and(eq(conferenceRooms.id, roomId), eq(conferenceRooms.orgId, orgId), eq(conferenceRooms.siteId, siteId)));
  if (room?.kind === 'private') return null;
  // A room deleted while it ran still leaves its history, from what the events carry.
  return room ?? { number: '', subject: '', createdBy: null };
}

/** A session row for events that may come before conference.started has been handled. */
function ensureSession(db: Db, ev: { orgId: string; siteId: string; roomId: string; nodeSessionId: string }, id: string, room: { number: string; subject: string; createdBy: string | null }, startedAt: Date): BatchItem {
  return db
    .insert(conferenceSessions)
    .values({ id, orgId: ev.orgId, siteId: ev.siteId, roomId: ev.roomId, nodeSessionId: ev.nodeSessionId, number: room.number, subject: room.subject, createdBy: room.createdBy, startedAt })
    .onConflictDoNothing();
}

/**
 * The consumer of conference.started/participant_joined/participant_left/ended: builds the
 * session and its participants. Each statement is idempotent (derived ids, conflicts ignored,
 * updates guarded), so dispatching an event twice changes nothing.
 */
export async function ingestConferenceEvent(deps: IngestDeps, event: ConferenceEvent): Promise<BatchItem[]> {
  const { db, log } = deps;
  const schema = (EVENT_CATALOGUE as Record<string, { data: { safeParse: (v: unknown) => { success: boolean; data?: unknown } } }>)[event.type]?.data;
  const parsed = schema?.safeParse(event.payload);
  if (!parsed?.success || !event.siteId) {
    log.warn('conference event skipped: unreadable payload', { eventId: event.id, type: event.type });
    return [];
  }
  const p = parsed.data as Record<string, string> & { participants?: number };
  const siteId = event.siteId;
  const room = await publicRoom(db, event.orgId, siteId, p.roomId!);
  if (!room) return [];
  const id = await sessionIdFor(siteId, p.sessionId!);
  const ev = { orgId: event.orgId, siteId, roomId: p.roomId!, nodeSessionId: p.sessionId! };
  switch (event.type) {
    case 'conference.started': {
      const values = { number: p.number!, subject: p.subject!, startedAt: new Date(p.startedAt!) };
      return [db.insert(conferenceSessions).values({ id, ...ev, createdBy: room.createdBy, ...values }).onConflictDoUpdate({ target: conferenceSessions.id, set: values })];
    }
    case 'conference.participant_joined': {
      const joinedAt = new Date(p.joinedAt!);
      const open = sql`(select count(*) from ${conferenceParticipants} where ${conferenceParticipants.sessionId} = ${id} and ${conferenceParticipants.leftAt} is null)`;
      return [
        ensureSession(db, ev, id, room, joinedAt),
        db
          .insert(conferenceParticipants)
          .values({ id: await participantIdFor(siteId, p.sessionId!, p.participantId!), orgId: event.orgId, sessionId: id, callerNumber: p.callerNumber!, callerName: p.callerName!, role: p.role as 'admin' | 'participant', joinedAt })
          .onConflictDoNothing(),
        db.update(conferenceSessions).set({ peakParticipants: sql`max(${conferenceSessions.peakParticipants}, ${open})` }).where(eq(conferenceSessions.id, id)),
      ];
    }
    case 'conference.participant_left': {
      const pid = await participantIdFor(siteId, p.sessionId!, p.participantId!);
      return [db.update(conferenceParticipants).set({ leftAt: new Date(p.leftAt!) }).where(and(eq(conferenceParticipants.id, pid), isNull(conferenceParticipants.leftAt)))];
    }
    case 'conference.ended': {
      const endedAt = new Date(p.endedAt!);
      return [
        db.update(conferenceSessions).set({ endedAt }).where(and(eq(conferenceSessions.id, id), isNull(conferenceSessions.endedAt))),
        // Whoever the node did not report leaving left when the room closed.
        db.update(conferenceParticipants).set({ leftAt: endedAt }).where(and(eq(conferenceParticipants.sessionId, id), isNull(conferenceParticipants.leftAt))),
      ];
    }
    default:
      return [];
  }
}

/**
 * The 'conference-recording' branch of audio.stored: links the recording to its session and
 * announces conference.recording_ready. Other kinds are not ours.
 */
export async function ingestConferenceRecording(deps: IngestDeps, event: StoredAudioEvent): Promise<BatchItem[]> {
  const { db, log } = deps;
  const parsed = AudioStoredSchema.safeParse(event.payload);
  if (!parsed.success || parsed.data.kind !== 'conference-recording' || !event.siteId) return [];
  const stored = parsed.data;
  const meta = RecordingAudioMetadataSchema.safeParse(stored.metadata);
  if (!meta.success) {
    log.warn('conference recording skipped: unreadable metadata', { audioId: stored.audioId });
    return [];
  }
  const room = await publicRoom(db, event.orgId, event.siteId, meta.data.roomId);
  if (!room) return [];
  const id = await sessionIdFor(event.siteId, meta.data.sessionId);
  const bytes = stored.files.wav.size + stored.files.gsm.size + stored.files.mp3.size;
  const now = deps.now();
  return [
    ensureSession(db, { orgId: event.orgId, siteId: event.siteId, roomId: meta.data.roomId, nodeSessionId: meta.data.sessionId }, id, room, new Date(stored.startedAt)),
    db.update(conferenceSessions).set({ recordingAudioId: stored.audioId, recordingBytes: bytes }).where(eq(conferenceSessions.id, id)),
    domainEvent(
      db, event.orgId, event.siteId, 'conference.recording_ready',
      { roomId: meta.data.roomId, sessionId: meta.data.sessionId, audioId: stored.audioId, durationMs: stored.durationMs, historyId: id },
      now, await derivedId(`conference.recording_ready:${stored.audioId}`),
    ),
  ];
}
