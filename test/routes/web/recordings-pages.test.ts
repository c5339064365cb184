import { eq } from 'drizzle-orm';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE_MATRIX } from '../../../functions/services/auth/permissions.js';
import { translator } from '../../../functions/i18n/index.js';
import { callRecordingNotes, callRecordings, emails } from '../../../schema/index.js';
import { seedRecording, type SeededRecording } from '../../e2e/call-recordings-seed.js';
import { type Harness, useHarness } from '../../helpers/harness.js';
import type { TestClient } from '../../helpers/test-client.js';
import { FULL_MATRIX, matrixWithout, userWithMatrix } from '../api/api-helpers.js';

let h: Harness;
let admin: TestClient;
useHarness((ready) => ({ h, admin } = ready));

const t = translator('en');
let alice: Awaited<ReturnType<typeof userWithMatrix>>;
let bob: Awaited<ReturnType<typeof userWithMatrix>>;
const rec = {} as Record<'alice' | 'bob' | 'stereo' | 'foreign', SeededRecording>;

beforeAll(async () => {
  alice = await userWithMatrix(h, DEFAULT_PROFILE_MATRIX, { name: 'Alice Lima' });
  bob = await userWithMatrix(h, DEFAULT_PROFILE_MATRIX, { name: 'Bob Souza' });
  const joined = new Date('2026-03-10T15:00:00Z');
  rec.alice = await seedRecording(h, {
    type: 'received', access: '2001', identification: '551130001111', startedAt: joined,
    participants: [{ number: '2001', name: 'Alice Lima', internal: true, userId: alice.id, joinedAt: joined }, { number: '551130001111', internal: false, joinedAt: joined }],
  });
  const at = new Date('2026-03-12T15:00:00Z');
  rec.bob = await seedRecording(h, { type: 'made', access: '2002', identification: '551140002222', startedAt: at, participants: [{ number: '2002', internal: true, userId: bob.id, joinedAt: at }] });
  rec.stereo = await seedRecording(h, {
    type: 'received', access: '2003', identification: '551150003333', channels: 2, startedAt: new Date('2026-03-13T15:00:00Z'), callRef: 'abcdefghijklmnopqrstuvwxyz0123456789@pbx.example',
    participants: [
      { number: '551150003333', name: 'Cliente', internal: false, channel: 0, joinedAt: new Date('2026-03-13T15:00:00Z'), leftAt: new Date('2026-03-13T15:00:40Z') },
      { number: '2003', name: 'Carla Dias', internal: true, channel: 1, joinedAt: new Date('2026-03-13T15:00:02Z'), leftAt: new Date('2026-03-13T15:00:20Z') },
      { number: '2004', name: 'Davi Melo', internal: true, channel: 1, joinedAt: new Date('2026-03-13T15:00:20Z'), leftAt: new Date('2026-03-13T15:00:40Z') },
    ],
    notes: [{ authorName: 'Sam Reis', body: 'Customer asked for a refund.', createdAt: new Date('2026-03-13T16:00:00Z') }],
  });
  const other = await h.addOrganization('Other Co', `other-${Math.random().toString(36).slice(2, 8)}@example.test`);
  rec.foreign = await seedRecording({ deps: h.deps, org: other });
});

const html = async (client: TestClient, path: string, status = 200) => {
  const res = await client.get(path);
  const text = await res.text();
  expect(res.status, text.slice(0, 300)).toBe(status);
  return text;
};

describe('recordings table', () => {
  it('shows a user only their own calls, each with a player and a details link', async () => {
    const page = await html(alice.client, '/recordings');
    expect(page).toContain(rec.alice.protocol);
    expect(page).toContain(`/api/v1/recordings/${rec.alice.id}/audio?format=wav`);
    expect(page).toContain(`href="/recordings/${rec.alice.id}"`);
    expect(page).not.toContain(rec.bob.protocol);
    expect(page).not.toContain(rec.foreign.protocol);
  });

  it('offers each bulk action only with its permission', async () => {
    const own = await html(alice.client, '/recordings');
    expect(own).toContain('formaction="/recordings/email"');
    expect(own).not.toContain('formaction="/recordings/download"');
    expect(own).not.toContain('formaction="/recordings/delete"');
    expect(own).not.toContain('href="/recordings/maintenance"');
    expect(own).not.toContain('href="/recordings/settings"');
    const all = await html(admin, '/recordings');
    for (const action of ['download', 'email', 'delete']) expect(all).toContain(`formaction="/recordings/${action}"`);
    expect(all).toContain('href="/recordings/maintenance"');
    expect(all).toContain('href="/recordings/settings"');
  });

  it('filters by period, type, extension and number', async () => {
    const period = await html(admin, '/recordings?from=2026-03-11&to=2026-03-12');
    expect([period.includes(rec.alice.protocol), period.includes(rec.bob.protocol), period.includes(rec.stereo.protocol)]).toEqual([false, true, false]);
    const made = await html(admin, '/recordings?type=made');
    expect([made.includes(rec.alice.protocol), made.includes(rec.bob.protocol)]).toEqual([false, true]);
    const ext = await html(admin, '/recordings?extension=2004');
    expect([ext.includes(rec.stereo.protocol), ext.includes(rec.alice.protocol)]).toEqual([true, false]);
    const number = await html(admin, '/recordings?number=30001111');
    expect([number.includes(rec.alice.protocol), number.includes(rec.bob.protocol)]).toEqual([true, false]);
    // The filters stay in the paging and export links.
    expect(made).toMatch(/href="\/recordings\?type=made[^"]*format=csv"/);
  });

  it('exports the filtered table as CSV', async () => {
    const res = await admin.get('/recordings?type=made&format=csv');
    expect(res.status).toBe(200);
    const csv = await res.text();
    expect(csv).toContain(rec.bob.protocol);
    expect(csv).not.toContain(rec.alice.protocol);
  });

  it('refuses a date that is not one (400)', async () => {
    expect((await admin.get('/recordings?from=10/03/2026')).status).toBe(400);
  });

  it('leaves /recordings/maintenance and /recordings/settings to their pages, not to a recording of that id', async () => {
    expect(await html(admin, '/recordings/maintenance')).toContain('action="/recordings/maintenance/export"');
    expect(await html(admin, '/recordings/settings')).toContain('action="/recordings/settings"');
  });

  it('is refused without vrec.view (403)', async () => {
    const nobody = await userWithMatrix(h, matrixWithout('vrec', 'view'));
    expect((await nobody.client.get('/recordings')).status).toBe(403);
    expect((await nobody.client.get(`/recordings/${rec.alice.id}`)).status).toBe(403);
  });
});

describe('recording details', () => {
  it('lists the participants with their times and sides, and the notes with their author', async () => {
    const page = await html(admin, `/recordings/${rec.stereo.id}`);
    expect(page).toContain('Carla Dias');
    expect(page).toContain('Davi Melo');
    const sides = [...page.matchAll(new RegExp(`data-label="${t('vrec.channel')}">([^<]+)<`, 'g'))].map((m) => m[1]);
    expect(sides).toEqual([t('vrec.channel.left'), t('vrec.channel.right'), t('vrec.channel.right')]);
    expect(page).toContain('Customer asked for a refund.');
    expect(page).toContain('Sam Reis');
    expect(page).toContain(`action="/recordings/${rec.stereo.id}/notes"`);
  });

  it('names no channel for a mono recording, and shows no note form without vrec.edit', async () => {
    const page = await html(alice.client, `/recordings/${rec.alice.id}`);
    expect(page).not.toContain(`data-label="${t('vrec.channel')}"`);
    expect(page).not.toContain('/notes"');
  });

  it('is 404 for a recording the user may not see, or of another organization', async () => {
    await html(alice.client, `/recordings/${rec.bob.id}`, 404);
    await html(admin, `/recordings/${rec.foreign.id}`, 404);
  });

  it('adds a note signed by its author', async () => {
    const res = await admin.form(`/recordings/${rec.alice.id}/notes`, { body: 'Call back on Monday.' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/recordings/${rec.alice.id}`);
    const page = await html(admin, `/recordings/${rec.alice.id}`);
    expect(page).toContain('Call back on Monday.');
    const [note] = await h.deps.db.select().from(callRecordingNotes).where(eq(callRecordingNotes.recordingId, rec.alice.id));
    expect(note?.authorId).not.toBeNull();
  });

  it('shows the note form again with the error when the note is empty', async () => {
    const res = await admin.form(`/recordings/${rec.alice.id}/notes`, { body: '   ' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('id="e-body"');
  });

  it('refuses a note on a hidden recording (404)', async () => {
    const editor = await userWithMatrix(h, { vrec: ['view', 'edit'] });
    expect((await editor.client.form(`/recordings/${rec.alice.id}/notes`, { body: 'x' })).status).toBe(404);
  });

  it('downloads its audio in the chosen format, named by protocol', async () => {
    const res = await alice.client.get(`/recordings/${rec.alice.id}/download?format=gsm`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${rec.alice.protocol}.gsm"`);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(new Uint8Array(rec.alice.bytes.gsm));
  });
});

describe('bulk actions', () => {
  it('downloads the checked recordings as one ZIP in the chosen format', async () => {
    const res = await admin.form('/recordings/download', { ids: [rec.alice.id, rec.bob.id], format: 'wav' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const entries = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(entries[`${rec.alice.protocol}.wav`]).toEqual(new Uint8Array(rec.alice.bytes.wav));
    expect(entries[`${rec.bob.protocol}.wav`]).toEqual(new Uint8Array(rec.bob.bytes.wav));
  });

  it('refuses the ZIP without vrec.export (403)', async () => {
    expect((await alice.client.form('/recordings/download', { ids: [rec.alice.id], format: 'wav' })).status).toBe(403);
  });

  it('sends the checked recordings to one’s own e-mail', async () => {
    const res = await alice.client.form('/recordings/email', { ids: [rec.alice.id], format: 'mp3' });
    expect(res.status).toBe(303);
    const sent = await h.deps.db.select().from(emails);
    expect(sent.filter((m) => m.toAddresses.includes(alice.email))).toHaveLength(1);
  });

  it('returns to the details page after sending from it', async () => {
    const res = await alice.client.form('/recordings/email', { id: rec.alice.id, back: 'details', format: 'wav' });
    expect(res.headers.get('location')).toBe(`/recordings/${rec.alice.id}`);
  });

  it('asks to pick a row when none is checked', async () => {
    const res = await admin.form('/recordings/delete', {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/recordings');
    expect(await h.deps.db.select().from(callRecordings).where(eq(callRecordings.orgId, h.org.orgId))).toHaveLength(3);
  });

  it('refuses to delete another organization’s recording (404) and keeps it', async () => {
    expect((await admin.form('/recordings/delete', { ids: [rec.foreign.id] })).status).toBe(404);
    expect(await h.deps.db.select().from(callRecordings).where(eq(callRecordings.id, rec.foreign.id))).toHaveLength(1);
  });

  it('deletes the checked recordings', async () => {
    const extra = await seedRecording(h);
    const deleter = await userWithMatrix(h, FULL_MATRIX);
    const res = await deleter.client.form('/recordings/delete', { ids: [extra.id] });
    expect(res.status).toBe(303);
    expect(await h.deps.db.select().from(callRecordings).where(eq(callRecordings.id, extra.id))).toHaveLength(0);
  });
});
