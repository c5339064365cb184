import type { Deps } from '../../deps.js';
import { callRecordingNotes } from '../../../schema/index.js';
import { ApiError, validationError } from '../../errors.js';
import { auditEntry } from '../audit/audit-entry.js';
import { can } from '../auth/permissions.js';
import { newId } from '../auth/random.js';
import type { Scope } from '../scope.js';
import { NoteInputSchema, type RecordingNote } from './recording-contract.js';
import { visibleRecordingRows } from './recording-read.js';

/**
 * Adds a note to a recording the actor may see (manual 5.3 "Ver observações"), signed with the
 * actor's name, which the note keeps when the user is later deleted. Needs vrec.edit.
 */
export async function addRecordingNote(deps: Pick<Deps, 'db' | 'now'>, scope: Scope, id: string, body: string): Promise<RecordingNote> {
  const { db } = deps;
  if (!can(scope.grants, 'vrec', 'edit')) throw new ApiError('FORBIDDEN', 'missing permission vrec.edit');
  const parsed = NoteInputSchema.safeParse({ body });
  if (!parsed.success) throw validationError(parsed.error.issues.map((i) => ({ field: 'body', message: i.message })));
  const [recording] = await visibleRecordingRows(db, scope, [id]);
  const now = deps.now();
  const note: RecordingNote = { id: newId(), authorId: scope.userId, authorName: scope.actor.name, body: parsed.data.body, createdAt: now };
  await db.batch([
    db.insert(callRecordingNotes).values({ ...note, orgId: scope.orgId, recordingId: recording!.id }),
    auditEntry(db, scope, { action: 'create', entityType: 'callRecording', entityId: recording!.id, summary: `Note on recording ${recording!.protocol}` }, now),
  ]);
  return note;
}
