import { randomBytes, randomUUID } from 'node:crypto';
import { audioItems, callRecordingNotes, callRecordingParticipants, callRecordings, extensions, type CallType } from '../../../schema/index.js';
import { DEFAULT_PROFILE_MATRIX } from '../../../functions/services/auth/permissions.js';
import { addMembers, saveMembers } from '../../../functions/services/groups/group-members.js';
import { createGroup } from '../../../functions/services/groups/group-write.js';
import { foldText } from '../../../functions/services/table/fold.js';
import type { Harness } from '../../helpers/harness.js';
import type { TestClient } from '../../helpers/test-client.js';
import { userWithMatrix } from '../../routes/api/api-helpers.js';
import { storeAudioFiles } from '../../helpers/stored-audio-files.js';

export interface FixtureParticipant {
  number: string;
  name?: string;
  internal: boolean;
  userId?: string | null;
  channel?: number | null;
  /** Milliseconds after the call's start. */
  joinedAfterMs?: number;
  leftAfterMs?: number | null;
}

export interface FixtureRecording {
  id: string;
  audioId: string;
  protocol: string;
  startedAt: Date;
  bytes: { wav: Uint8Array; gsm: Uint8Array; mp3: Uint8Array };
  keys: { wav: string; gsm: string; mp3: string };
}

let serial = 0;

/**
 * A recorded call as the ingest leaves it: an audio item whose three files are in the harness's
 * object storage, the call_recordings row and its participants. Access and identification
 * default to the first internal and the first outside participant. `audio` replaces the random
 * bytes (a real WAV for the browser tests).
 */
export async function insertRecording(
  h: Pick<Harness, 'deps' | 'org'>,
  options: {
    participants: FixtureParticipant[];
    type?: CallType;
    startedAt?: Date;
    durationMs?: number;
    orgId?: string;
    siteId?: string;
    protocol?: string;
    channels?: number;
    /** Override the first internal and first outside participant's numbers. */
    access?: string;
    identification?: string;
    /** The SIP Call-ID the recording came with. */
    callRef?: string;
    notes?: { authorId?: string | null; authorName: string; body: string; createdAt: Date }[];
    audio?: Partial<FixtureRecording['bytes']>;
  },
): Promise<FixtureRecording> {
  const blobs = h.deps.blobs;
  if (!blobs) throw new Error('the harness has no object storage');
  const orgId = options.orgId ?? h.org.orgId;
  const siteId = options.siteId ?? h.org.siteId;
  const n = ++serial;
  const id = randomUUID();
  const audioId = randomUUID();
  const protocol = options.protocol ?? `REC-TEST${String(n).padStart(4, '0')}-${randomBytes(3).toString('hex').slice(0, 5).toUpperCase()}`;
  const bytes = {
    wav: options.audio?.wav ?? randomBytes(4000 + n),
    gsm: options.audio?.gsm ?? randomBytes(1650 + n),
    mp3: options.audio?.mp3 ?? randomBytes(2200 + n),
  };
  const files = await storeAudioFiles(blobs, { orgId, siteId, kind: 'call-recording', id: audioId }, bytes);
  const startedAt = options.startedAt ?? new Date();
  const durationMs = options.durationMs ?? 65_000;
  const endedAt = new Date(startedAt.getTime() + durationMs);
  const internal = options.participants.filter((p) => p.internal);
  const outside = options.participants.filter((p) => !p.internal);
  const type = options.type ?? (!outside.length ? 'internal' : options.participants[0]?.internal ? 'made' : 'received');
  const { db } = h.deps;
  await db.batch([
    db.insert(audioItems).values({ id: audioId, orgId, siteId, kind: 'call-recording', startedAt, durationMs, files, metadata: {}, createdAt: endedAt }),
    db.insert(callRecordings).values({
      id, orgId, siteId, protocol, type, access: options.access ?? internal[0]?.number ?? '', identification: options.identification ?? outside[0]?.number ?? '', startedAt, endedAt, durationMs,
      source: options.channels === 2 ? 'siprec' : 'sip', callRef: options.callRef ?? `call-${id}`, channels: options.channels ?? 1, audioId,
      audioBytes: bytes.wav.byteLength + bytes.gsm.byteLength + bytes.mp3.byteLength,
      searchText: foldText([protocol, options.access ?? '', options.identification ?? '', ...options.participants.flatMap((p) => [p.number, p.name ?? ''])].join(' ')), createdAt: endedAt,
    }),
    ...options.participants.map((p) =>
      db.insert(callRecordingParticipants).values({
        id: randomUUID(), orgId, recordingId: id, number: p.number, name: p.name ?? '', internal: p.internal, userId: p.userId ?? null, channel: p.channel ?? null,
        joinedAt: new Date(startedAt.getTime() + (p.joinedAfterMs ?? 0)), leftAt: p.leftAfterMs === null ? null : new Date(startedAt.getTime() + (p.leftAfterMs ?? durationMs)),
      }),
    ),
    ...(options.notes ?? []).map((note) =>
      db.insert(callRecordingNotes).values({ id: randomUUID(), orgId, recordingId: id, authorId: note.authorId ?? null, authorName: note.authorName, body: note.body, createdAt: note.createdAt }),
    ),
  ]);
  return { id, audioId, protocol, startedAt, bytes, keys: { wav: files.wav.key, gsm: files.gsm.key, mp3: files.mp3.key } };
}

export interface Person {
  id: string;
  email: string;
  extension: string;
  client: TestClient;
}

/**
 * Alice (2001) and Bob (2002) with the profile a new organization gives its users; Sam (2003)
 * supervises a group holding Alice, not Bob. Recordings: a call Alice received, one Bob made, an
 * internal call from Bob to Alice, and one in another organization.
 */
export async function callsWorld(h: Harness) {
  const person = async (name: string, extension: string): Promise<Person> => {
    const u = await userWithMatrix(h, DEFAULT_PROFILE_MATRIX, { name });
    await h.deps.db.insert(extensions).values({ id: `ext-${u.id}`, orgId: h.org.orgId, siteId: h.org.siteId, number: extension, name, userId: u.id, createdAt: new Date(), updatedAt: new Date() });
    return { id: u.id, email: u.email, extension, client: u.client };
  };
  const alice = await person('Alice Lima', '2001');
  const bob = await person('Bob Souza', '2002');
  const sam = await person('Sam Reis', '2003');
  const groupId = await createGroup(h.deps.db, h.scope(), { name: `Support ${serial}`, description: '' }, new Date());
  await addMembers(h.deps.db, h.scope(), groupId, [sam.id, alice.id], new Date());
  await saveMembers(h.deps.db, h.scope(), groupId, [{ userId: sam.id, supervisor: true, position: 0 }, { userId: alice.id, supervisor: false, position: 1 }], new Date());
  const other = await h.addOrganization('Other Co', `other-${Math.random().toString(36).slice(2, 8)}@example.test`);
  const recordings = {
    aliceReceived: await insertRecording(h, {
      startedAt: new Date('2026-03-10T13:00:00Z'),
      participants: [{ number: '5511988887777', name: 'Maria Alves', internal: false, channel: 0 }, { number: '2001', name: 'Alice Lima', internal: true, userId: alice.id, channel: 1, joinedAfterMs: 1500 }],
      channels: 2,
    }),
    bobMade: await insertRecording(h, {
      startedAt: new Date('2026-03-12T15:30:00Z'),
      durationMs: 3_725_000,
      participants: [{ number: '2002', name: 'Bob Souza', internal: true, userId: bob.id }, { number: '551133334444', name: '', internal: false }],
    }),
    internal: await insertRecording(h, {
      startedAt: new Date('2026-03-14T12:00:00Z'),
      participants: [{ number: '2002', name: 'Bob Souza', internal: true, userId: bob.id }, { number: '2001', name: 'Alice Lima', internal: true, userId: alice.id, joinedAfterMs: 900 }],
    }),
    foreign: await insertRecording(h, { orgId: other.orgId, siteId: other.siteId, startedAt: new Date('2026-03-11T12:00:00Z'), participants: [{ number: '2001', internal: true }, { number: '5511900000000', internal: false }] }),
  };
  return { alice, bob, sam, other, recordings };
}
