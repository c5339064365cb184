import { randomBytes, randomUUID } from 'node:crypto';
import { audioItems, extensions, mailboxes, voicemailMessages, type DivertReasonValue } from '../../../schema/index.js';
import { mailboxIdFor } from '../../../functions/services/voicemail/mailbox-service.js';
import type { Harness } from '../../helpers/harness.js';
import { DEFAULT_PROFILE_MATRIX } from '../../../functions/services/auth/permissions.js';
import { addMembers, saveMembers } from '../../../functions/services/groups/group-members.js';
import { createGroup } from '../../../functions/services/groups/group-write.js';
import type { TestClient } from '../../helpers/test-client.js';
import { userWithMatrix } from '../../routes/api/api-helpers.js';
import { storeAudioFiles } from '../../helpers/stored-audio-files.js';

export interface FixtureMessage {
  id: string;
  protocol: string;
  mailboxId: string;
  bytes: { wav: Uint8Array; gsm: Uint8Array; mp3: Uint8Array };
}

let serial = 0;

/**
 * A message as the node would have left it: an audio item with three files in the harness's
 * object storage, the mailbox row and the voicemail_messages row. `audio` replaces the random
 * bytes (a real WAV for the browser tests).
 */
export async function insertMessage(
  h: Pick<Harness, 'deps' | 'org'>,
  options: { extension: string; userId?: string | null; orgId?: string; siteId?: string; heard?: boolean; receivedAt?: Date; callerName?: string; callerNumber?: string; divertReason?: DivertReasonValue; audio?: Partial<FixtureMessage['bytes']> },
): Promise<FixtureMessage> {
  const blobs = h.deps.blobs;
  if (!blobs) throw new Error('the harness has no object storage');
  const orgId = options.orgId ?? h.org.orgId;
  const siteId = options.siteId ?? h.org.siteId;
  const id = randomUUID();
  const n = ++serial;
  const protocol = `VM-TEST-${String(n).padStart(4, '0')}-${id.slice(0, 5).toUpperCase()}`;
  const bytes = {
    wav: options.audio?.wav ?? randomBytes(3000 + n),
    gsm: options.audio?.gsm ?? randomBytes(1650 + n),
    mp3: options.audio?.mp3 ?? randomBytes(2000 + n),
  };
  const files = await storeAudioFiles(blobs, { orgId, siteId, kind: 'voicemail', id: id }, bytes);
  const mailboxId = await mailboxIdFor(siteId, options.extension);
  const receivedAt = options.receivedAt ?? new Date();
  const callerName = options.callerName ?? `Caller ${n}`;
  const callerNumber = options.callerNumber ?? `5511999${String(n).padStart(4, '0')}`;
  const audioBytes = bytes.wav.byteLength + bytes.gsm.byteLength + bytes.mp3.byteLength;
  await h.deps.db.batch([
    h.deps.db.insert(mailboxes).values({ id: mailboxId, orgId, siteId, extension: options.extension, createdAt: receivedAt, updatedAt: receivedAt }).onConflictDoNothing(),
    h.deps.db.insert(audioItems).values({ id, orgId, siteId, kind: 'voicemail', startedAt: receivedAt, durationMs: 4200, files, metadata: {}, createdAt: receivedAt }),
    h.deps.db.insert(voicemailMessages).values({
      id, orgId, siteId, mailboxId, extension: options.extension, userId: options.userId ?? null, protocol, callerName, callerNumber,
      divertReason: options.divertReason ?? 'no-answer', durationMs: 4200, audioId: id, audioBytes, heard: options.heard ?? false,
      heardAt: options.heard ? receivedAt : null, receivedAt, searchText: `${protocol} ${callerName} ${callerNumber} ${options.extension}`.toLowerCase(), createdAt: receivedAt,
    }),
  ]);
  return { id, protocol, mailboxId, bytes };
}

export interface Person {
  id: string;
  email: string;
  client: TestClient;
}

/**
 * Alice and Bob each own a mailbox; Sam supervises a group holding Alice (not Bob), all with the
 * profile a new organization gives its users. One message each, plus one in another organization.
 */
export async function voicemailWorld(h: Harness) {
  const person = async (name: string, extension: string): Promise<Person> => {
    const u = await userWithMatrix(h, DEFAULT_PROFILE_MATRIX, { name });
    const { db } = h.deps;
    await db.insert(extensions).values({ id: `ext-${u.id}`, orgId: h.org.orgId, siteId: h.org.siteId, number: extension, name, userId: u.id, createdAt: new Date(), updatedAt: new Date() });
    return { id: u.id, email: u.email, client: u.client };
  };
  const alice = await person('Alice Lima', '2001');
  const bob = await person('Bob Souza', '2002');
  const sam = await person('Sam Reis', '2003');
  const groupId = await createGroup(h.deps.db, h.scope(), { name: 'Sales', description: '' }, new Date());
  await addMembers(h.deps.db, h.scope(), groupId, [sam.id, alice.id], new Date());
  await saveMembers(h.deps.db, h.scope(), groupId, [{ userId: sam.id, supervisor: true, position: 0 }, { userId: alice.id, supervisor: false, position: 1 }], new Date());
  const other = await h.addOrganization('Other Co', `other-${Math.random().toString(36).slice(2, 8)}@example.test`);
  const messages: Record<'alice' | 'bob' | 'foreign', FixtureMessage> = {
    alice: await insertMessage(h, { extension: '2001', userId: alice.id, callerName: 'Maria Alves', receivedAt: new Date('2026-03-10T12:00:00Z') }),
    bob: await insertMessage(h, { extension: '2002', userId: bob.id, divertReason: 'busy', receivedAt: new Date('2026-03-12T12:00:00Z') }),
    foreign: await insertMessage(h, { extension: '2001', orgId: other.orgId, siteId: other.siteId, receivedAt: new Date('2026-03-11T12:00:00Z') }),
  };
  return { alice, bob, sam, other, messages };
}
