import { unzipSync } from 'fflate';
import { eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { emails, voicemailMessages } from '../../../schema/index.js';
import { type Harness, useHarness } from '../../helpers/harness.js';
import type { TestClient } from '../../helpers/test-client.js';
import { insertMessage, voicemailWorld } from '../../services/voicemail/inbox-fixture.js';
import { bytesOf, expectError, jsonOf, refusedFields, userWithMatrix } from './api-helpers.js';

let h: Harness;
let admin: TestClient;
let w: Awaited<ReturnType<typeof voicemailWorld>>;

useHarness((ready) => ({ h, admin } = ready));
beforeAll(async () => {
  w = await voicemailWorld(h);
});

const protocols = async (client: TestClient, query = '') => (await jsonOf(await client.get(`/api/v1/voicemail/messages${query}`))).items.map((m: { protocol: string }) => m.protocol).sort();
const heardOf = async (id: string) => (await h.deps.db.select({ heard: voicemailMessages.heard }).from(voicemailMessages).where(eq(voicemailMessages.id, id)))[0]?.heard;

describe('who sees which messages', () => {
  it('the administrator sees every message of the organization and none of another', async () => {
    expect(await protocols(admin)).toEqual([w.messages.alice.protocol, w.messages.bob.protocol].sort());
  });

  it('a user sees only the messages of their own mailbox', async () => {
    expect(await protocols(w.alice.client)).toEqual([w.messages.alice.protocol]);
    await expectError(await w.alice.client.get(`/api/v1/voicemail/messages/${w.messages.bob.id}`), 404, 'NOT_FOUND');
  });

  it("a supervisor sees their group member's message but not another user's", async () => {
    expect(await protocols(w.sam.client)).toEqual([w.messages.alice.protocol]);
    await expectError(await w.sam.client.get(`/api/v1/voicemail/messages/${w.messages.bob.id}/audio`), 404);
  });

  it("another organization's message is 404 even for the administrator", async () => {
    await expectError(await admin.get(`/api/v1/voicemail/messages/${w.messages.foreign.id}`), 404, 'NOT_FOUND');
    await expectError(await admin.json('PATCH', `/api/v1/voicemail/messages/${w.messages.foreign.id}`, { heard: true }), 404);
  });

  it('answers a message with its caller, mailbox owner and divert reason', async () => {
    const body = await jsonOf(await admin.get(`/api/v1/voicemail/messages/${w.messages.alice.id}`));
    expect(body).toMatchObject({ protocol: w.messages.alice.protocol, callerName: 'Maria Alves', extension: '2001', ownerName: 'Alice Lima', divertReason: 'no-answer', heard: false, timeZone: 'America/Sao_Paulo' });
  });

  it('refuses a user without vmailer.view (403)', async () => {
    const nobody = await userWithMatrix(h, { system: ['view'] });
    await expectError(await nobody.client.get('/api/v1/voicemail/messages'), 403, 'FORBIDDEN');
  });
});

describe('inbox filters and export', () => {
  it('filters by mailbox', async () => {
    expect(await protocols(admin, `?mailbox=${w.messages.bob.mailboxId}`)).toEqual([w.messages.bob.protocol]);
  });

  it('filters by period on the reception time', async () => {
    expect(await protocols(admin, `?from=${encodeURIComponent('2026-03-11T00:00:00Z')}&to=${encodeURIComponent('2026-03-13T00:00:00Z')}`)).toEqual([w.messages.bob.protocol]);
    expect(await protocols(admin, '?from=2026-03-10&to=2026-03-10')).toEqual([w.messages.alice.protocol]);
  });

  it('filters by heard, and refuses a heard value that is not true or false', async () => {
    const extra = await insertMessage(h, { extension: '2009', heard: true });
    expect(await protocols(admin, '?heard=true')).toEqual([extra.protocol]);
    expect(await protocols(admin, '?heard=false')).not.toContain(extra.protocol);
    expect(await refusedFields(await admin.get('/api/v1/voicemail/messages?heard=yes'))).toEqual(['heard']);
    await h.deps.db.delete(voicemailMessages).where(eq(voicemailMessages.id, extra.id));
  });

  it('searches the protocol and caller', async () => {
    expect(await protocols(admin, '?q=maria')).toEqual([w.messages.alice.protocol]);
  });

  it('exports the visible messages as CSV with translated divert reasons', async () => {
    const res = await admin.get('/api/v1/voicemail/messages?format=csv');
    expect(res.headers.get('content-type')).toContain('text/csv');
    const csv = await res.text();
    expect(csv).toContain(w.messages.alice.protocol);
    expect(csv).toContain('Busy');
    expect(csv).not.toContain(w.messages.foreign.protocol);
  });
});

describe('audio', () => {
  it('streams the whole file with its type and length, and playing does not mark it heard', async () => {
    const res = await w.alice.client.get(`/api/v1/voicemail/messages/${w.messages.alice.id}/audio?format=wav`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/wav');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-length')).toBe(String(w.messages.alice.bytes.wav.byteLength));
    expect(Buffer.from(await bytesOf(res)).equals(Buffer.from(w.messages.alice.bytes.wav))).toBe(true);
    expect(await heardOf(w.messages.alice.id)).toBe(false);
  });

  it('answers a byte range with 206 and exactly that slice', async () => {
    const res = await w.alice.client.request(`/api/v1/voicemail/messages/${w.messages.alice.id}/audio?format=mp3`, { headers: { range: 'bytes=100-599' } });
    expect(res.status).toBe(206);
    const size = w.messages.alice.bytes.mp3.byteLength;
    expect(res.headers.get('content-range')).toBe(`bytes 100-599/${size}`);
    expect(res.headers.get('content-length')).toBe('500');
    expect(Buffer.from(await bytesOf(res)).equals(Buffer.from(w.messages.alice.bytes.mp3.subarray(100, 600)))).toBe(true);
  });

  it('answers an open range to the end of the file', async () => {
    const size = w.messages.alice.bytes.gsm.byteLength;
    const res = await admin.request(`/api/v1/voicemail/messages/${w.messages.alice.id}/audio?format=gsm`, { headers: { range: `bytes=${size - 33}-` } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-type')).toBe('audio/x-gsm');
    expect(Buffer.from(await bytesOf(res)).equals(Buffer.from(w.messages.alice.bytes.gsm.subarray(size - 33)))).toBe(true);
  });

  it('answers 416 for a range past the end', async () => {
    const size = w.messages.alice.bytes.wav.byteLength;
    const res = await admin.request(`/api/v1/voicemail/messages/${w.messages.alice.id}/audio?format=wav`, { headers: { range: `bytes=${size}-` } });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${size}`);
  });

  it('refuses an unknown format, naming format', async () => {
    expect(await refusedFields(await admin.get(`/api/v1/voicemail/messages/${w.messages.alice.id}/audio?format=ogg`))).toEqual(['format']);
  });

  it('a download names the file by protocol and marks the message heard', async () => {
    const m = await insertMessage(h, { extension: '2001', userId: w.alice.id });
    const res = await w.alice.client.get(`/api/v1/voicemail/messages/${m.id}/audio?format=mp3&download=1`);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${m.protocol}.mp3"`);
    await res.arrayBuffer();
    expect(await heardOf(m.id)).toBe(true);
  });

  it('refuses a user without vmailer.listen (403)', async () => {
    const viewer = await userWithMatrix(h, { vmailer: ['view', 'configure'] });
    await expectError(await viewer.client.get(`/api/v1/voicemail/messages/${w.messages.alice.id}/audio`), 403, 'FORBIDDEN');
  });
});

describe('heard, download, e-mail, delete', () => {
  it('PATCH marks a message heard', async () => {
    const m = await insertMessage(h, { extension: '2002', userId: w.bob.id });
    expect(await jsonOf(await w.bob.client.json('PATCH', `/api/v1/voicemail/messages/${m.id}`, { heard: true }))).toMatchObject({ id: m.id, heard: true });
    expect(await refusedFields(await w.bob.client.json('PATCH', `/api/v1/voicemail/messages/${m.id}`, { heard: 'no' }))).toEqual(['heard']);
  });

  it('downloads several messages as one ZIP of <protocol>.<ext> entries and marks them heard', async () => {
    const a = await insertMessage(h, { extension: '2001', userId: w.alice.id });
    const b = await insertMessage(h, { extension: '2001', userId: w.alice.id });
    const res = await w.alice.client.json('POST', '/api/v1/voicemail/messages/download', { ids: [a.id, b.id], format: 'wav' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const entries = unzipSync(await bytesOf(res));
    expect(Object.keys(entries).sort()).toEqual([`${a.protocol}.wav`, `${b.protocol}.wav`].sort());
    expect(Buffer.from(entries[`${a.protocol}.wav`]!).equals(Buffer.from(a.bytes.wav))).toBe(true);
    expect(Buffer.from(entries[`${b.protocol}.wav`]!).equals(Buffer.from(b.bytes.wav))).toBe(true);
    expect([await heardOf(a.id), await heardOf(b.id)]).toEqual([true, true]);
  });

  it("refuses a ZIP with someone else's message (404) and marks nothing", async () => {
    const a = await insertMessage(h, { extension: '2001', userId: w.alice.id });
    await expectError(await w.alice.client.json('POST', '/api/v1/voicemail/messages/download', { ids: [a.id, w.messages.bob.id] }), 404);
    expect(await heardOf(a.id)).toBe(false);
  });

  it('refuses an empty selection, naming ids', async () => {
    expect(await refusedFields(await admin.json('POST', '/api/v1/voicemail/messages/download', { ids: [] }))).toEqual(['ids']);
  });

  it('e-mails each message with its audio to the signed-in user (202) and marks them heard', async () => {
    const a = await insertMessage(h, { extension: '2001', userId: w.alice.id });
    const b = await insertMessage(h, { extension: '2001', userId: w.alice.id });
    expect(await jsonOf(await w.alice.client.json('POST', '/api/v1/voicemail/messages/email', { ids: [a.id, b.id], format: 'gsm' }), 202)).toEqual({ queued: 2 });
    const sent = await h.deps.db.select().from(emails).where(eq(emails.purpose, 'voicemail.forward'));
    const mine = sent.filter((e) => e.subject.includes(a.protocol) || e.subject.includes(b.protocol));
    expect(mine).toHaveLength(2);
    for (const mail of mine) {
      expect(mail.toAddresses).toEqual([w.alice.email]);
      expect(mail.attachments).toHaveLength(1);
      expect(mail.attachments[0]!.filename).toMatch(/\.gsm$/);
    }
    expect([await heardOf(a.id), await heardOf(b.id)]).toEqual([true, true]);
  });

  it('deletes one message and its row', async () => {
    const m = await insertMessage(h, { extension: '2002', userId: w.bob.id });
    expect((await w.bob.client.request(`/api/v1/voicemail/messages/${m.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await h.deps.db.$count(voicemailMessages, eq(voicemailMessages.id, m.id))).toBe(0);
  });

  it("deletes several at once, and refuses another user's message (404) deleting none", async () => {
    const a = await insertMessage(h, { extension: '2002', userId: w.bob.id });
    const b = await insertMessage(h, { extension: '2002', userId: w.bob.id });
    await expectError(await w.bob.client.json('POST', '/api/v1/voicemail/messages/delete', { ids: [a.id, w.messages.alice.id] }), 404);
    expect(await h.deps.db.$count(voicemailMessages, inArray(voicemailMessages.id, [a.id, b.id]))).toBe(2);
    expect((await w.bob.client.json('POST', '/api/v1/voicemail/messages/delete', { ids: [a.id, b.id] })).status).toBe(204);
    expect(await h.deps.db.$count(voicemailMessages, inArray(voicemailMessages.id, [a.id, b.id]))).toBe(0);
  });

  it('refuses deleting without vmailer.delete (403)', async () => {
    const listener = await userWithMatrix(h, { vmailer: ['view', 'listen', 'configure'] });
    await expectError(await listener.client.request(`/api/v1/voicemail/messages/${w.messages.alice.id}`, { method: 'DELETE' }), 403);
  });
});
