import { and, eq, ne } from 'drizzle-orm';
import type { BatchItem } from '../../db.js';
import type { Deps } from '../../deps.js';
import { audioItems, callRecordingParticipants, callRecordings, sites } from '../../../schema/index.js';
import { domainEvent } from '../events/domain-event.js';
import { foldText } from '../table/fold.js';
import { derivedId } from '../voicemail/derived-id.js';
import { AudioStoredSchema, type AudioStored, type StoredAudioEvent } from '../voicemail/stored-audio.js';
import { deleteBlobs } from '../voicemail/voicemail-audio.js';
import { CallRecordingMetadataSchema, rawParticipants, resolveParticipants, summarizeCall, type ResolvedParticipant } from './recording-participants.js';
import { recordingProtocol } from './recording-protocol.js';
import { discardReason, loadRecorderRules } from './recording-rules.js';

type IngestDeps = Pick<Deps, 'db' | 'blobs' | 'log' | 'now'>;

/** The recording.completed payload carries at most this many participants (the catalogue's limit). */
const EVENT_PARTICIPANTS = 50;

/** The first protocol candidate no other recording holds. */
async function freeProtocol(deps: IngestDeps, audioId: string, startedAt: Date, timeZone: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const protocol = await recordingProtocol(audioId, startedAt, timeZone, attempt);
    const [taken] = await deps.db.select({ id: callRecordings.id }).from(callRecordings).where(and(eq(callRecordings.protocol, protocol), ne(callRecordings.id, audioId)));
    if (!taken) return protocol;
  }
}

/**
 * The 'call-recording' branch of audio.stored (manual 5.3): a call the rules keep becomes a
 * recording with its participants and recording.completed, as rows for the dispatch batch with
 * ids derived from the audio id; a call they discard leaves nothing. Other kinds are not ours.
 * Run twice for one event, it writes nothing the second time.
 */
export async function ingestCallRecording(deps: IngestDeps, event: StoredAudioEvent): Promise<BatchItem[]> {
  const { db, log } = deps;
  const parsed = AudioStoredSchema.safeParse(event.payload);
  if (!parsed.success || parsed.data.kind !== 'call-recording' || !event.siteId) return [];
  const stored = parsed.data;
  const meta = CallRecordingMetadataSchema.safeParse(stored.metadata);
  if (!meta.success) {
    log.warn('call recording skipped: unreadable metadata', { audioId: stored.audioId, error: meta.error.message });
    return [];
  }
  const [done] = await db.select({ id: callRecordings.id }).from(callRecordings).where(eq(callRecordings.audioId, stored.audioId));
  if (done) return [];
  // Gone when an earlier dispatch of this event discarded the call: judging it again could keep a recording without audio.
  const [item] = await db.select({ id: audioItems.id }).from(audioItems).where(and(eq(audioItems.id, stored.audioId), eq(audioItems.orgId, event.orgId), eq(audioItems.kind, 'call-recording')));
  if (!item) return [];
  const [site] = await db.select({ timeZone: sites.timeZone, recorderCode: sites.recorderCode }).from(sites).where(and(eq(sites.id, event.siteId), eq(sites.orgId, event.orgId)));
  if (!site) {
    log.warn('call recording skipped: its site no longer exists', { audioId: stored.audioId, siteId: event.siteId });
    return [];
  }
  const startedAt = new Date(stored.startedAt);
  const endedAt = meta.data.endedAt ? new Date(meta.data.endedAt) : new Date(startedAt.getTime() + stored.durationMs);
  const participants = await resolveParticipants(db, event.orgId, event.siteId, rawParticipants(meta.data, startedAt, endedAt, site.recorderCode));
  const reason = discardReason(await loadRecorderRules(db, event.orgId), stored.durationMs, participants);
  if (reason) {
    await discard(deps, event.orgId, stored);
    log.info('call recording discarded by the recorder rules', { audioId: stored.audioId, siteId: event.siteId, reason, durationMs: stored.durationMs });
    return [];
  }
  return keptItems(deps, { orgId: event.orgId, siteId: event.siteId, timeZone: site.timeZone }, stored, meta.data, { startedAt, endedAt, participants });
}

/**
 * The row goes in a batch of its own before the files, since the dispatch batch runs only after
 * the consumers return: a failure in between leaves an orphan file, never a row without audio.
 */
async function discard(deps: IngestDeps, orgId: string, stored: AudioStored): Promise<void> {
  await deps.db.batch([deps.db.delete(audioItems).where(and(eq(audioItems.id, stored.audioId), eq(audioItems.orgId, orgId)))]);
  await deleteBlobs(deps.blobs, [stored.files.wav.key, stored.files.gsm.key, stored.files.mp3.key], deps.log);
}

async function keptItems(
  deps: IngestDeps,
  where: { orgId: string; siteId: string; timeZone: string },
  stored: AudioStored,
  meta: { siprec: boolean; sessionId: string; callId: string; channels: number },
  call: { startedAt: Date; endedAt: Date; participants: ResolvedParticipant[] },
): Promise<BatchItem[]> {
  const { db } = deps;
  const { orgId, siteId } = where;
  const id = stored.audioId;
  const now = deps.now();
  const protocol = await freeProtocol(deps, id, call.startedAt, where.timeZone);
  const { type, access, identification } = summarizeCall(call.participants);
  const searchText = foldText([protocol, ...call.participants.flatMap((p) => [p.number, p.name])].filter(Boolean).join(' '));
  const items: BatchItem[] = [
    // Conflicting on the id only: a protocol clash must fail the batch (and be retried), never drop the call.
    db
      .insert(callRecordings)
      .values({
        id, orgId, siteId, protocol, type, access, identification, startedAt: call.startedAt, endedAt: call.endedAt, durationMs: stored.durationMs,
        source: meta.siprec ? 'siprec' : 'sip', callRef: meta.siprec ? meta.sessionId || meta.callId : meta.callId, channels: meta.channels, audioId: id,
        audioBytes: stored.files.wav.size + stored.files.gsm.size + stored.files.mp3.size, searchText, createdAt: now,
      })
      .onConflictDoNothing({ target: callRecordings.id }),
  ];
  for (const [i, p] of call.participants.entries()) {
    items.push(
      db
        .insert(callRecordingParticipants)
        .values({ id: await derivedId(`call-recording.participant:${id}:${i}`), orgId, recordingId: id, number: p.number, name: p.name, internal: p.internal, userId: p.userId, channel: p.channel, joinedAt: p.joinedAt, leftAt: p.leftAt })
        .onConflictDoNothing(),
    );
  }
  const eventParticipants = call.participants.slice(0, EVENT_PARTICIPANTS).map((p) => ({ number: p.number, name: p.name, internal: p.internal, joinedAt: p.joinedAt.toISOString() }));
  items.push(
    domainEvent(
      db, orgId, siteId, 'recording.completed',
      { recordingId: id, protocol, type, access, identification, startedAt: call.startedAt.toISOString(), durationMs: stored.durationMs, participants: eventParticipants },
      now, await derivedId(`recording.completed:${id}`),
    ),
  );
  return items;
}
