import { unzipSync } from 'fflate';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { callRecordings, emails } from '../../../schema/index.js';
import { type Harness, useHarness } from '../../helpers/harness.js';
import type { TestClient } from '../../helpers/test-client.js';
import { runJobs, toHex } from '../../services/recording-maintenance/recordings-fixture.js';
import { callsWorld, insertRecording } from '../../services/call-recordings/recordings-fixture.js';
import { bytesOf, expectError, FULL_MATRIX, jsonOf, matrixWithout, refusedFields, userWithMatrix } from './api-helpers.js';

let h: Harness;
let admin: TestClient;
let w: Awaited<ReturnType<typeof callsWorld>>;

useHarness((ready) => ({ h, admin } = ready));
beforeAll(async () => {
  w = await callsWorld(h);
});

const base = '/api/v1/recordings';
const protocols = async (client: TestClient, query = '') => (await jsonOf(await client.get(`${base}${query}`))).items.map((r: { protocol: string }) => r.protocol).sort();
const bobCall = () => insertRecording(h, { participants: [{ number: '2002', name: 'Bob Souza', internal: true, userId: w.bob.id }, { number: '551144445555', internal: false }] });

describe('GET /recordings', () => {
  it('lists what each caller may see: all for the administrator, own calls for a user', async () => {
    const r = w.recordings;
    expect(await protocols(admin)).toEqual([r.aliceReceived.protocol, r.bobMade.protocol, r.internal.protocol].sort());
    expect(await protocols(w.alice.client)).toEqual([r.aliceReceived.protocol, r.internal.protocol].sort());
    expect(await protocols(w.sam.client)).toEqual([r.aliceReceived.protocol, r.internal.protocol].sort());
  });

  it('answers rows with ISO times and the site time zone', async () => {
    const body = await jsonOf(await admin.get(`${base}?type=made`));
    expect(body).toMatchObject({ total: 1, page: 1, items: [{ id: w.recordings.bobMade.id, startedAt: '2026-03-12T15:30:00.000Z', timeZone: 'America/Sao_Paulo', type: 'made', access: '2002', notes: 0, channels: 1 }] });
  });

  it('filters by period, extension and number', async () => {
    const r = w.recordings;
    expect(await protocols(admin, `?from=${encodeURIComponent('2026-03-11T00:00:00Z')}&to=${encodeURIComponent('2026-03-13T00:00:00Z')}`)).toEqual([r.bobMade.protocol]);
    expect(await protocols(admin, '?extension=2001')).toEqual([r.aliceReceived.protocol, r.internal.protocol].sort());
    expect(await protocols(admin, '?number=33334444')).toEqual([r.bobMade.protocol]);
  });

  it('refuses a bad type and a date without offset, naming each field', async () => {
    expect((await refusedFields(await admin.get(`${base}?type=lost&from=2026-03-11`))).sort()).toEqual(['from', 'type']);
  });

  it('exports CSV with the export permission, and refuses it without (403)', async () => {
    const res = await admin.get(`${base}?format=csv`);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const csv = await res.text();
    expect(csv).toContain(w.recordings.bobMade.protocol);
    expect(csv).toContain('1:02:05');
    expect(csv).not.toContain(w.recordings.foreign.protocol);
    await expectError(await w.alice.client.get(`${base}?format=pdf`), 403, 'FORBIDDEN');
  });

  it('refuses a user without vrec.view (403)', async () => {
    const nobody = await userWithMatrix(h, matrixWithout('vrec', 'view'));
    await expectError(await nobody.client.get(base), 403, 'FORBIDDEN');
  });

  it('leaves /recordings/settings to the settings routes', async () => {
    const res = await admin.get(`${base}/settings`);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toHaveProperty('minDurationSeconds');
  });
});

describe('GET /recordings/:id and notes', () => {
  it('answers participants and notes; a hidden or foreign recording is 404', async () => {
    const body = await jsonOf(await w.alice.client.get(`${base}/${w.recordings.aliceReceived.id}`));
    expect(body).toMatchObject({ protocol: w.recordings.aliceReceived.protocol, source: 'siprec', participants: [{ number: '5511988887777', channel: 0, joinedAt: '2026-03-10T13:00:00.000Z' }, { number: '2001', channel: 1 }] });
    await expectError(await w.alice.client.get(`${base}/${w.recordings.bobMade.id}`), 404, 'NOT_FOUND');
    await expectError(await admin.get(`${base}/${w.recordings.foreign.id}`), 404, 'NOT_FOUND');
  });

  it('adds a note signed by the caller (201), refuses an empty one naming body, and needs vrec.edit', async () => {
    const note = await jsonOf(await admin.json('POST', `${base}/${w.recordings.bobMade.id}/notes`, { body: 'Promised a call back' }), 201);
    expect(note).toMatchObject({ body: 'Promised a call back', authorName: expect.any(String) });
    expect(note.authorId).not.toBeNull();
    expect((await jsonOf(await admin.get(`${base}/${w.recordings.bobMade.id}`))).noteList[0].id).toBe(note.id);
    expect(await refusedFields(await admin.json('POST', `${base}/${w.recordings.bobMade.id}/notes`, { body: '' }))).toEqual(['body']);
    await expectError(await w.alice.client.json('POST', `${base}/${w.recordings.aliceReceived.id}/notes`, { body: 'x' }), 403, 'FORBIDDEN');
    await expectError(await admin.json('POST', `${base}/${w.recordings.foreign.id}/notes`, { body: 'x' }), 404);
  });
});

describe('audio', () => {
  it('streams the file, seeks with 206 and answers 416 past the end', async () => {
    const r = w.recordings.aliceReceived;
    const whole = await w.alice.client.get(`${base}/${r.id}/audio?format=wav`);
    expect(whole.headers.get('content-type')).toBe('audio/wav');
    expect(toHex(await bytesOf(whole))).toBe(toHex(r.bytes.wav));
    const part = await w.alice.client.request(`${base}/${r.id}/audio?format=mp3`, { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(toHex(await bytesOf(part))).toBe(toHex(r.bytes.mp3.subarray(100, 200)));
    const past = await w.alice.client.request(`${base}/${r.id}/audio?format=gsm`, { headers: { range: `bytes=${r.bytes.gsm.byteLength + 5}-` } });
    expect(past.status).toBe(416);
  });

  it('names the file on download=1, refuses an unknown format naming format, and hides others\' calls', async () => {
    const res = await admin.get(`${base}/${w.recordings.bobMade.id}/audio?format=gsm&download=1`);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${w.recordings.bobMade.protocol}.gsm"`);
    await res.arrayBuffer();
    expect(await refusedFields(await admin.get(`${base}/${w.recordings.bobMade.id}/audio?format=ogg`))).toEqual(['format']);
    await expectError(await w.alice.client.get(`${base}/${w.recordings.bobMade.id}/audio`), 404);
  });
});

describe('delete, ZIP and e-mail', () => {
  it('DELETE removes one recording (204) and a second time is 404', async () => {
    const r = await bobCall();
    expect((await w.bob.client.request(`${base}/${r.id}`, { method: 'DELETE' })).status).toBe(403);
    expect((await admin.request(`${base}/${r.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await h.deps.db.$count(callRecordings, eq(callRecordings.id, r.id))).toBe(0);
    await expectError(await admin.request(`${base}/${r.id}`, { method: 'DELETE' }), 404);
  });

  it('POST /delete removes all or, with a foreign id, none (404); ids are required', async () => {
    const a = await bobCall();
    const b = await bobCall();
    await expectError(await admin.json('POST', `${base}/delete`, { ids: [a.id, w.recordings.foreign.id] }), 404);
    expect(await h.deps.db.$count(callRecordings, eq(callRecordings.id, a.id))).toBe(1);
    expect(await jsonOf(await admin.json('POST', `${base}/delete`, { ids: [a.id, b.id] }))).toEqual({ deleted: 2 });
    expect(await refusedFields(await admin.json('POST', `${base}/delete`, { ids: [] }))).toEqual(['ids']);
  });

  it('POST /zip answers a ZIP whose entries are byte-equal to the stored audio', async () => {
    const r = w.recordings;
    const res = await admin.json('POST', `${base}/zip`, { ids: [r.aliceReceived.id, r.internal.id], format: 'wav' });
    expect(res.headers.get('content-type')).toBe('application/zip');
    const entries = unzipSync(await bytesOf(res));
    expect(toHex(entries[`${r.aliceReceived.protocol}.wav`]!)).toBe(toHex(r.aliceReceived.bytes.wav));
    expect(toHex(entries[`${r.internal.protocol}.wav`]!)).toBe(toHex(r.internal.bytes.wav));
    expect(await refusedFields(await admin.json('POST', `${base}/zip`, { ids: [r.internal.id], format: 'flac' }))).toEqual(['format']);
    await expectError(await w.alice.client.json('POST', `${base}/zip`, { ids: [r.aliceReceived.id] }), 403);
  });

  it('POST /email queues one e-mail per recording to the caller (202)', async () => {
    const ids = [w.recordings.aliceReceived.id, w.recordings.internal.id];
    expect(await jsonOf(await w.alice.client.json('POST', `${base}/email`, { ids, format: 'gsm' }), 202)).toEqual({ queued: 2 });
    const mails = await h.deps.db.select().from(emails).where(and(eq(emails.purpose, 'recording.forward'), eq(emails.createdBy, w.alice.id)));
    expect(mails.map((m) => m.toAddresses)).toEqual([[w.alice.email], [w.alice.email]]);
    expect(mails.every((m) => m.attachments.length === 1 && m.attachments[0]!.filename.endsWith('.gsm'))).toBe(true);
    await expectError(await w.alice.client.json('POST', `${base}/email`, { ids: [w.recordings.bobMade.id] }), 404);
  });
});

describe('maintenance of the calls module', () => {
  it('the /recordings/maintenance page and the calls maintenance API work for v-rec', async () => {
    const page = await admin.get('/recordings/maintenance');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('action="/recordings/maintenance/export"');
    const r = await insertRecording(h, { startedAt: new Date('2040-02-02T10:00:00Z'), participants: [{ number: '2002', internal: true, userId: w.bob.id }] });
    const started = await jsonOf(await admin.json('POST', '/api/v1/recordings-maintenance/calls/exports', { from: '2040-01-01T00:00:00Z', to: '2041-01-01T00:00:00Z', formats: ['mp3'], target: { kind: 'zip' } }), 201);
    await runJobs(h);
    const entries = unzipSync(await bytesOf(await admin.get(`/api/v1/recordings-maintenance/calls/jobs/${started.id}/download`)));
    expect(Object.keys(entries)).toEqual([`calls/2040-02/2040-02-02_0700_${r.protocol}.mp3`]);
    expect(toHex(Object.values(entries)[0]!)).toBe(toHex(r.bytes.mp3));
  });

  it('a calls job is hidden from a v-conference-only user (403) and seen with vrec.export', async () => {
    const started = await jsonOf(await admin.json('POST', '/api/v1/recordings-maintenance/calls/exports', { formats: ['mp3'], target: { kind: 'zip' } }), 201);
    const conferenceOnly = await userWithMatrix(h, { vconference: ['view', 'export', 'delete'], system: ['view'] });
    await expectError(await conferenceOnly.client.get(`/api/v1/jobs/${started.id}`), 403, 'FORBIDDEN');
    const exporter = await userWithMatrix(h, { vrec: ['view', 'export'] });
    expect((await jsonOf(await exporter.client.get(`/api/v1/jobs/${started.id}`))).id).toBe(started.id);
    const foreign = await userWithMatrix(h, FULL_MATRIX, { orgId: w.other.orgId });
    await expectError(await foreign.client.get(`/api/v1/jobs/${started.id}`), 404);
  });
});
