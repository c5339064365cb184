import { randomBytes, randomUUID } from 'node:crypto';
import { unzipSync } from 'fflate';
import { audioItems, conferenceParticipants, conferenceSessions } from '../../../schema/index.js';
import type { Harness } from '../../helpers/harness.js';
import { runNextJob } from '../../../workers/jobs/runner.js';
import { JOB_HANDLERS } from '../../../workers/jobs/index.js';
import { storeAudioFiles } from '../../helpers/stored-audio-files.js';

export interface Recorded {
  id: string;
  audioId: string;
  number: string;
  startedAt: Date;
  bytes: { wav: Uint8Array; gsm: Uint8Array; mp3: Uint8Array };
}

let serial = 0;

/**
 * A conference that ran and was recorded, as the node's events and upload leave it: the session,
 * one participant, and an audio item whose three files are in the harness's object storage.
 */
export async function insertRecorded(h: Pick<Harness, 'deps' | 'org'>, options: { startedAt: Date; number?: string; siteId?: string; orgId?: string; createdBy?: string | null }): Promise<Recorded> {
  const blobs = h.deps.blobs;
  if (!blobs) throw new Error('the harness has no object storage');
  const orgId = options.orgId ?? h.org.orgId;
  const siteId = options.siteId ?? h.org.siteId;
  const n = ++serial;
  const id = randomUUID();
  const audioId = randomUUID();
  const number = options.number ?? String(300 + n);
  const bytes = { wav: randomBytes(3000 + n), gsm: randomBytes(1650 + n), mp3: randomBytes(2000 + n) };
  const files = await storeAudioFiles(blobs, { orgId, siteId, kind: 'conference', id: audioId }, bytes);
  const startedAt = options.startedAt;
  const endedAt = new Date(startedAt.getTime() + 600_000);
  await h.deps.db.batch([
    h.deps.db.insert(audioItems).values({ id: audioId, orgId, siteId, kind: 'conference-recording', startedAt, durationMs: 600_000, files, metadata: {}, createdAt: endedAt }),
    h.deps.db.insert(conferenceSessions).values({
      id, orgId, siteId, roomId: `room-${n}`, nodeSessionId: `node-${id}`, number, subject: `Meeting ${n}`, createdBy: options.createdBy ?? null, startedAt, endedAt,
      recordingAudioId: audioId, recordingBytes: bytes.wav.byteLength + bytes.gsm.byteLength + bytes.mp3.byteLength, peakParticipants: 1,
    }),
    h.deps.db.insert(conferenceParticipants).values({ id: randomUUID(), orgId, sessionId: id, callerNumber: '3000', callerName: 'Caller', role: 'admin', joinedAt: startedAt, leftAt: endedAt }),
  ]);
  return { id, audioId, number, startedAt, bytes };
}

/** Runs queued jobs until none is due (the recordings jobs among them). */
export async function runJobs(h: Pick<Harness, 'deps'>, owner = 'recordings-test'): Promise<void> {
  while (await runNextJob(h.deps, JOB_HANDLERS, { owner })) {
    // next
  }
}

/** The entries of a ZIP held in object storage. */
export async function zipEntries(h: Pick<Harness, 'deps'>, key: string): Promise<Record<string, Uint8Array>> {
  const body = await h.deps.blobs!.get(key);
  if (!body) throw new Error(`no object ${key}`);
  return unzipSync(new Uint8Array(await new Response(body).arrayBuffer()));
}

export const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');
