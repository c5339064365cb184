import { eq } from 'drizzle-orm';
import { callRecordingParticipants, callRecordings, recordingSettings } from '../../../schema/index.js';
import { dispatchEvents } from '../../../workers/jobs/dispatch-events.js';
import { EVENT_CONSUMERS } from '../../../workers/jobs/event-consumers.js';
import type { Harness } from '../../helpers/harness.js';
import { uploadAudioItem } from '../../helpers/node-client.js';
import type { TestClient } from '../../helpers/test-client.js';

/** The outbox dispatch the background tick runs, with Ramal's own consumers. */
export const dispatchAll = (h: Harness) => dispatchEvents(h.deps, { owner: 'call-recording-test', consumers: EVENT_CONSUMERS });

/** A finished call recording as a media node stores it: three files in the object store, the audio item and its audio.stored event. */
export function depositCall(node: TestClient, metadata: Record<string, unknown>, options: { startedAt?: string; durationMs?: number } = {}) {
  return uploadAudioItem(node, { kind: 'call-recording', metadata, startedAt: options.startedAt ?? '2026-11-26T13:00:00.000Z', durationMs: options.durationMs ?? 30_000, repeat: 20 });
}

/** A plain recording leg's metadata: the PBX called the node's recorder code with the call's From and To. */
export const plainLeg = (from: string, to: string, extra: Record<string, unknown> = {}) => ({
  callId: `call-${Math.random().toString(36).slice(2, 9)}`, from, fromName: null, to, dialled: 'rec', endedAt: '2026-11-26T13:00:30.000Z', digits: '', channels: 1, ...extra,
});

let serial = 0;

/** A user of the harness organization with an extension on its first site. */
export async function userWithExtension(h: Harness, number: string, fullName: string): Promise<string> {
  return h.addUser({ email: `rec-${++serial}-${Math.random().toString(36).slice(2, 7)}@example.test`, fullName, extensions: [{ siteId: h.org.siteId, number }] });
}

export async function recordingOf(h: Harness, audioId: string) {
  const [row] = await h.deps.db.select().from(callRecordings).where(eq(callRecordings.audioId, audioId));
  return row;
}

export async function participantsOf(h: Harness, recordingId: string) {
  const rows = await h.deps.db.select().from(callRecordingParticipants).where(eq(callRecordingParticipants.recordingId, recordingId));
  return rows.sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime() || a.number.localeCompare(b.number));
}

/** Writes the organization's rules straight into the table, as a saved settings form would. */
export async function setRules(h: Harness, rules: { minDurationSeconds?: number; excludedUserIds?: string[]; discardIfAnyExcluded?: boolean }): Promise<void> {
  const values = { minDurationSeconds: 0, excludedUserIds: [] as string[], discardIfAnyExcluded: false, ...rules };
  await h.deps.db.insert(recordingSettings).values({ orgId: h.org.orgId, ...values, updatedAt: new Date() }).onConflictDoUpdate({ target: recordingSettings.orgId, set: values });
}
