import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { callRecordingNotes, callRecordingParticipants, callRecordings } from '../../../schema/index.js';
import { notFound } from '../../errors.js';
import type { Scope } from '../scope.js';
import type { RecordingDetails, RecordingNote, RecordingParticipant } from './recording-contract.js';
import { recordingSelect } from './recording-list.js';
import { recordingVisibility } from './recording-visibility.js';

export type CallRecordingRow = typeof callRecordings.$inferSelect;

/**
 * The stored rows of several recordings, in the order asked; any id the actor cannot see makes
 * the whole request "not found", so a bulk action never half-applies to a guessed id.
 */
export async function visibleRecordingRows(db: Db, scope: Scope, ids: string[]): Promise<CallRecordingRow[]> {
  const unique = [...new Set(ids)];
  const found = new Map<string, CallRecordingRow>();
  // D1 binds at most 100 parameters per statement.
  for (let i = 0; i < unique.length; i += 50) {
    const rows = await db.select().from(callRecordings).where(and(recordingVisibility(db, scope), inArray(callRecordings.id, unique.slice(i, i + 50))));
    for (const row of rows) found.set(row.id, row);
  }
  if (found.size !== unique.length) throw notFound('recording');
  return unique.map((id) => found.get(id)!);
}

export async function recordingNotes(db: Db, orgId: string, recordingId: string): Promise<RecordingNote[]> {
  return db
    .select({ id: callRecordingNotes.id, authorId: callRecordingNotes.authorId, authorName: callRecordingNotes.authorName, body: callRecordingNotes.body, createdAt: callRecordingNotes.createdAt })
    .from(callRecordingNotes)
    .where(and(eq(callRecordingNotes.orgId, orgId), eq(callRecordingNotes.recordingId, recordingId)))
    .orderBy(desc(callRecordingNotes.createdAt), desc(callRecordingNotes.id));
}

export async function recordingParticipants(db: Db, orgId: string, recordingId: string): Promise<RecordingParticipant[]> {
  return db
    .select({
      number: callRecordingParticipants.number, name: callRecordingParticipants.name, internal: callRecordingParticipants.internal, channel: callRecordingParticipants.channel,
      joinedAt: callRecordingParticipants.joinedAt, leftAt: callRecordingParticipants.leftAt,
    })
    .from(callRecordingParticipants)
    .where(and(eq(callRecordingParticipants.orgId, orgId), eq(callRecordingParticipants.recordingId, recordingId)))
    // Those who joined together (both sides at the start) read left channel first.
    .orderBy(asc(callRecordingParticipants.joinedAt), sql`coalesce(${callRecordingParticipants.channel}, 99)`, asc(callRecordingParticipants.id));
}

/** One recording with its participants (by join time) and notes (newest first); a hidden one is "not found". */
export async function getRecording(db: Db, scope: Scope, id: string): Promise<RecordingDetails> {
  const [listed] = await recordingSelect(db).where(and(recordingVisibility(db, scope), eq(callRecordings.id, id)));
  if (!listed) throw notFound('recording');
  const [[extra], participants, noteList] = await Promise.all([
    db.select({ endedAt: callRecordings.endedAt, source: callRecordings.source, callRef: callRecordings.callRef }).from(callRecordings).where(eq(callRecordings.id, id)),
    recordingParticipants(db, scope.orgId, id),
    recordingNotes(db, scope.orgId, id),
  ]);
  if (!extra) throw notFound('recording');
  return { ...listed, ...extra, participants, noteList };
}
