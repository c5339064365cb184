import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audioItems, events, sites, voicemailMessages } from '../../../schema/index.js';
import { SiteSchema } from '../../../functions/services/sites/site-schemas.js';
import { createSite } from '../../../functions/services/sites/site-service.js';
import { dispatchEvents } from '../../../workers/jobs/dispatch-events.js';
import { EVENT_CONSUMERS } from '../../../workers/jobs/event-consumers.js';
import { createHarness, type Harness } from '../../helpers/harness.js';
import { integrationClient, nodeClient, uploadAudioItem } from '../../helpers/node-client.js';
import type { TestClient } from '../../helpers/test-client.js';
import { bytesOf, expectError, jsonOf, refusedFields } from './api-helpers.js';

let h: Harness;
let node: TestClient;
let branchNode: TestClient;
const base = '/api/v1/node/voicemail';

beforeAll(async () => {
  h = await createHarness();
  node = await nodeClient(h);
  const branch = await createSite(h.deps.db, h.scope(), SiteSchema.parse({ name: 'Branch', timeZone: 'UTC' }), h.deps.now());
  branchNode = await nodeClient(h, { siteId: branch });
});
afterAll(() => h.close());


/** Uploads the three encodings, records the audio item as a node does, and lets the outbox make the message. */
async function deposit(kind: 'voicemail' | 'greeting', metadata: Record<string, unknown>, startedAt = '2026-11-26T13:00:00.000Z') {
  const uploaded = await uploadAudioItem(node, { kind, metadata, startedAt });
  await dispatchEvents(h.deps, { owner: 'node-vm-test', consumers: EVENT_CONSUMERS });
  return uploaded;
}
const leave = (mailbox: string, startedAt?: string) => deposit('voicemail', { mailbox, reason: 'no-answer', callerNumber: '2100', callerName: 'Rui', callId: 'x' }, startedAt);

let n = 0;
async function extension(extra: Record<string, unknown> = {}) {
  const number = String(4000 + ++n);
  const userId = await h.addUser({ email: `vm${n}@example.test`, fullName: `Vera ${n}`, extensions: [{ siteId: h.org.siteId, number }], ...extra });
  return { number, userId };
}

describe('GET /mailboxes/:extension', () => {
  it("answers the owner's name and language, counts, limits, full and greetings", async () => {
    const { number } = await extension({ language: 'es' });
    await h.deps.db.update(sites).set({ voicemailMaxMessages: 2 }).where(eq(sites.id, h.org.siteId));
    try {
      const first = await leave(number);
      await leave(number);
      const greeting = await deposit('greeting', { mailbox: number, greeting: 'unavailable' });
      expect((await node.request(`${base}/messages/${first.id}/heard`, { method: 'POST' })).status).toBe(204);
      const info = await jsonOf(await node.get(`${base}/mailboxes/${number}`));
      expect(info).toEqual({
        extension: number, ownerName: `Vera ${n}`, language: 'es', newCount: 1, savedCount: 1, maxMessages: 2, maxSeconds: 180, full: true, hasPin: false, hearDetails: true,
        greetings: { busy: null, unavailable: { audioId: greeting.id, path: `${base}/audio/${greeting.id}`, durationMs: 4000 }, name: null },
      });
    } finally {
      await h.deps.db.update(sites).set({ voicemailMaxMessages: 100 }).where(eq(sites.id, h.org.siteId));
    }
  });

  it("uses the site's prompt language for an extension no user owns, and is not full below the limit", async () => {
    await leave('4900');
    const [site] = await h.deps.db.select().from(sites).where(eq(sites.id, h.org.siteId));
    const info = await jsonOf(await node.get(`${base}/mailboxes/4900`));
    expect(info).toMatchObject({ ownerName: '', language: site!.promptLanguage, newCount: 1, full: false });
  });

  it('answers 404 for an extension the site has neither as extension nor mailbox, and for another site', async () => {
    await expectError(await node.get(`${base}/mailboxes/9999`), 404, 'NOT_FOUND');
    const { number } = await extension();
    await expectError(await branchNode.get(`${base}/mailboxes/${number}`), 404, 'NOT_FOUND');
  });
});

describe('access', () => {
  it('needs a node token: an integration token is refused with 403, no token with 401', async () => {
    const { number } = await extension();
    await expectError(await (await integrationClient(h)).get(`${base}/mailboxes/${number}`), 403, 'FORBIDDEN');
    await expectError(await h.client().get(`${base}/mwi`), 401);
  });
});

describe('PINs', () => {
  it('are never valid on a mailbox without one', async () => {
    const { number } = await extension();
    expect(await jsonOf(await node.json('POST', `${base}/mailboxes/${number}/pin`, { pin: '1234' }))).toEqual({ valid: false, locked: false, lockedUntil: null, attemptsLeft: 5 });
  });

  it('check the PIN set, count wrong ones, lock after five for 15 minutes, then open again', async () => {
    const { number } = await extension();
    expect((await node.json('PUT', `${base}/mailboxes/${number}/pin`, { pin: '2468' })).status).toBe(204);
    expect(await jsonOf(await node.json('POST', `${base}/mailboxes/${number}/pin`, { pin: '2468' }))).toMatchObject({ valid: true, attemptsLeft: 5 });
    for (let i = 1; i <= 4; i++) expect(await jsonOf(await node.json('POST', `${base}/mailboxes/${number}/pin`, { pin: '0000' }))).toMatchObject({ valid: false, locked: false, attemptsLeft: 5 - i });
    const locked = await jsonOf(await node.json('POST', `${base}/mailboxes/${number}/pin`, { pin: '0000' }));
    expect(locked).toMatchObject({ valid: false, locked: true, attemptsLeft: 0 });
    expect(new Date(locked.lockedUntil).getTime() - h.deps.now().getTime()).toBeGreaterThan(14 * 60_000);
    // The right PIN does not open a locked mailbox.
    expect(await jsonOf(await node.json('POST', `${base}/mailboxes/${number}/pin`, { pin: '2468' }))).toMatchObject({ valid: false, locked: true });
    h.clock.offsetMs += 15 * 60_000 + 1000;
    try {
      expect(await jsonOf(await node.json('POST', `${base}/mailboxes/${number}/pin`, { pin: '2468' }))).toEqual({ valid: true, locked: false, lockedUntil: null, attemptsLeft: 5 });
    } finally {
      h.clock.offsetMs = 0;
    }
  });

  it('change: the new PIN opens, the old one no longer does; hasPin turns true', async () => {
    const { number } = await extension();
    await node.json('PUT', `${base}/mailboxes/${number}/pin`, { pin: '1111' });
    expect((await node.json('PUT', `${base}/mailboxes/${number}/pin`, { pin: '98765' })).status).toBe(204);
    expect((await jsonOf(await node.json('POST', `${base}/mailboxes/${number}/pin`, { pin: '1111' }))).valid).toBe(false);
    expect((await jsonOf(await node.json('POST', `${base}/mailboxes/${number}/pin`, { pin: '98765' }))).valid).toBe(true);
    expect((await jsonOf(await node.get(`${base}/mailboxes/${number}`))).hasPin).toBe(true);
  });

  it('refuse a PIN that is not 4 to 10 digits, naming the field, and an unknown mailbox with 404', async () => {
    const { number } = await extension();
    for (const pin of ['12', '12a4', '12345678901']) expect(await refusedFields(await node.json('PUT', `${base}/mailboxes/${number}/pin`, { pin }))).toEqual(['pin']);
    expect(await refusedFields(await node.json('POST', `${base}/mailboxes/${number}/pin`, {}))).toEqual(['pin']);
    await expectError(await node.json('PUT', `${base}/mailboxes/9998/pin`, { pin: '1234' }), 404, 'NOT_FOUND');
  });
});

describe('messages by phone', () => {
  it('lists new messages first, then heard ones, oldest first within each', async () => {
    const { number } = await extension();
    const a = await leave(number, '2026-11-26T10:00:00.000Z');
    const b = await leave(number, '2026-11-26T11:00:00.000Z');
    const c = await leave(number, '2026-11-26T09:00:00.000Z');
    await node.request(`${base}/messages/${c.id}/heard`, { method: 'POST' });
    const { messages } = await jsonOf(await node.get(`${base}/mailboxes/${number}/messages`));
    expect(messages.map((m: { id: string }) => m.id)).toEqual([a.id, b.id, c.id]);
    expect(messages[0]).toMatchObject({ callerNumber: '2100', callerName: 'Rui', divertReason: 'no-answer', heard: false, receivedAt: '2026-11-26T10:00:00.000Z', audio: { audioId: a.id, path: `${base}/audio/${a.id}` } });
  });

  it('heard: marks it once, with a voicemail.heard event via phone, and the counts follow', async () => {
    const { number } = await extension();
    const m = await leave(number);
    expect((await node.request(`${base}/messages/${m.id}/heard`, { method: 'POST' })).status).toBe(204);
    expect((await node.request(`${base}/messages/${m.id}/heard`, { method: 'POST' })).status).toBe(204);
    const heard = (await h.deps.db.select().from(events).where(eq(events.type, 'voicemail.heard'))).filter((e) => e.payload.messageId === m.id);
    expect(heard).toHaveLength(1);
    expect(heard[0]!.payload).toMatchObject({ via: 'phone', mailbox: number });
    expect(await jsonOf(await node.get(`${base}/mailboxes/${number}`))).toMatchObject({ newCount: 0, savedCount: 1 });
  });

  it('delete: the row, the audio item and its files go, with a voicemail.deleted event', async () => {
    const { number } = await extension();
    const m = await leave(number);
    expect((await node.request(`${base}/messages/${m.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await h.deps.db.$count(voicemailMessages, eq(voicemailMessages.id, m.id))).toBe(0);
    expect(await h.deps.db.$count(audioItems, eq(audioItems.id, m.id))).toBe(0);
    for (const f of Object.values(m.files)) expect(await h.deps.blobs!.head(f.key)).toBeNull();
    const [deleted] = (await h.deps.db.select().from(events).where(eq(events.type, 'voicemail.deleted'))).filter((e) => e.payload.messageId === m.id);
    expect(deleted!.payload).toMatchObject({ via: 'phone', mailbox: number });
    await expectError(await node.request(`${base}/messages/${m.id}`, { method: 'DELETE' }), 404, 'NOT_FOUND');
  });

  it("answers 404 for another site's message and audio, changing nothing", async () => {
    const { number } = await extension();
    const m = await leave(number);
    await expectError(await branchNode.request(`${base}/messages/${m.id}/heard`, { method: 'POST' }), 404, 'NOT_FOUND');
    await expectError(await branchNode.request(`${base}/messages/${m.id}`, { method: 'DELETE' }), 404, 'NOT_FOUND');
    await expectError(await branchNode.get(`${base}/audio/${m.id}?format=wav`), 404, 'NOT_FOUND');
    const [row] = await h.deps.db.select().from(voicemailMessages).where(and(eq(voicemailMessages.id, m.id), eq(voicemailMessages.heard, false)));
    expect(row).toBeDefined();
  });
});

describe('GET /audio/:audioId', () => {
  it('streams each format byte for byte with its media type (WAV by default)', async () => {
    const { number } = await extension();
    const m = await leave(number);
    for (const [format, type] of [['wav', 'audio/wav'], ['gsm', 'audio/x-gsm'], ['mp3', 'audio/mpeg']] as const) {
      const res = await node.get(`${base}/audio/${m.id}?format=${format}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(await bytesOf(res)).toEqual(m.bodies[format]);
    }
    expect(await bytesOf(await node.get(`${base}/audio/${m.id}`))).toEqual(m.bodies.wav);
  });

  it('refuses an unknown format and answers 404 for an unknown id', async () => {
    const { number } = await extension();
    const m = await leave(number);
    expect(await refusedFields(await node.get(`${base}/audio/${m.id}?format=ogg`))).toEqual(['format']);
    await expectError(await node.get(`${base}/audio/${crypto.randomUUID()}`), 404, 'NOT_FOUND');
  });
});

describe('GET /mwi', () => {
  it("answers every mailbox's counts with an ETag, 304 while unchanged and the new counts after a message is heard", async () => {
    const { number } = await extension();
    const m = await leave(number);
    const first = await node.get(`${base}/mwi`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const state = await jsonOf(first);
    expect(state.mailboxes).toContainEqual({ extension: number, newCount: 1, savedCount: 0 });
    expect((await node.request(`${base}/mwi`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    await node.request(`${base}/messages/${m.id}/heard`, { method: 'POST' });
    const after = await node.request(`${base}/mwi`, { headers: { 'if-none-match': etag } });
    expect(after.headers.get('etag')).not.toBe(etag);
    expect((await jsonOf(after)).mailboxes).toContainEqual({ extension: number, newCount: 0, savedCount: 1 });
  });

  it("holds only the token's site's mailboxes", async () => {
    const { number } = await extension();
    await leave(number);
    const state = await jsonOf(await branchNode.get(`${base}/mwi`));
    expect(state.mailboxes.map((b: { extension: string }) => b.extension)).not.toContain(number);
  });
});
