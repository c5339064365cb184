import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { voicemailMessages, voicemailSettings } from '../../../schema/index.js';
import { type Harness, useHarness } from '../../helpers/harness.js';
import type { TestClient } from '../../helpers/test-client.js';
import { insertMessage, voicemailWorld } from '../../services/voicemail/inbox-fixture.js';

let h: Harness;
let admin: TestClient;
let w: Awaited<ReturnType<typeof voicemailWorld>>;

useHarness((ready) => ({ h, admin } = ready));
beforeAll(async () => {
  w = await voicemailWorld(h);
});

const heardOf = async (id: string) => (await h.deps.db.select({ heard: voicemailMessages.heard }).from(voicemailMessages).where(eq(voicemailMessages.id, id)))[0]?.heard;

describe('inbox page', () => {
  it('lists the visible messages with a player, unheard ones in bold', async () => {
    const html = await (await w.alice.client.get('/voicemail')).text();
    expect(html).toContain(`<strong data-vm-unheard="true">${w.messages.alice.protocol}</strong>`);
    expect(html).toContain(`/api/v1/voicemail/messages/${w.messages.alice.id}/audio?format=wav`);
    expect(html).not.toContain(w.messages.bob.protocol);
  });

  it('a row button acts on that row only, even with other rows checked', async () => {
    const a = await insertMessage(h, { extension: '2001', userId: w.alice.id });
    const b = await insertMessage(h, { extension: '2001', userId: w.alice.id });
    const res = await w.alice.client.form('/voicemail/heard', { ids: [b.id], id: a.id });
    expect(res.status).toBe(303);
    expect([await heardOf(a.id), await heardOf(b.id)]).toEqual([true, false]);
  });

  it('downloading one message gives its file; several give a ZIP', async () => {
    const a = await insertMessage(h, { extension: '2001', userId: w.alice.id });
    const one = await w.alice.client.form('/voicemail/download', { id: a.id, format: 'gsm' });
    expect(one.headers.get('content-disposition')).toBe(`attachment; filename="${a.protocol}.gsm"`);
    expect(new Uint8Array(await one.arrayBuffer())).toEqual(new Uint8Array(a.bytes.gsm));
    const many = await w.alice.client.form('/voicemail/download', { ids: [a.id, w.messages.alice.id], format: 'wav' });
    expect(many.headers.get('content-type')).toBe('application/zip');
  });

  it("refuses to act on another user's message (404)", async () => {
    expect((await w.alice.client.form('/voicemail/delete', { id: w.messages.bob.id })).status).toBe(404);
  });
});

describe('settings and profile pages', () => {
  it('shows the settings to a configurator and refuses a user (403)', async () => {
    expect((await admin.get('/voicemail/settings')).status).toBe(200);
    expect((await w.alice.client.get('/voicemail/settings')).status).toBe(403);
  });

  it('re-shows the form with the field named when a template has an unknown field', async () => {
    const res = await admin.form('/voicemail/settings', {
      'limits.0.siteId': h.org.siteId, 'limits.0.maxMessages': '100', 'limits.0.maxSeconds': '180',
      'defaultProfile.mainAction': 'email', 'defaultProfile.attachmentFormat': 'mp3',
      'templates.en.subject': 'Hello {nope}', 'templates.en.body': 'x', 'templates.pt-BR.subject': 'a', 'templates.pt-BR.body': 'b', 'templates.es.subject': 'c', 'templates.es.body': 'd',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('id="e-templates.en.subject"');
  });

  it('saves the settings form', async () => {
    const res = await admin.form('/voicemail/settings', {
      'limits.0.siteId': h.org.siteId, 'limits.0.maxMessages': '70', 'limits.0.maxSeconds': '90',
      'defaultProfile.mainAction': 'email', 'defaultProfile.attachmentFormat': 'wav', 'defaultProfile.hearDetails': 'on',
      'templates.en.subject': 'VM {protocol}', 'templates.en.body': 'x {date}', 'templates.pt-BR.subject': 'a', 'templates.pt-BR.body': 'b', 'templates.es.subject': 'c', 'templates.es.body': 'd',
    });
    expect(res.status).toBe(303);
    const [row] = await h.deps.db.select().from(voicemailSettings).where(eq(voicemailSettings.orgId, h.org.orgId));
    expect(row).toMatchObject({ mainAction: 'email', attachmentFormat: 'wav', hearDetails: true, alternateEmailEnabled: false });
    expect(row?.templates.en?.subject).toBe('VM {protocol}');
  });

  it('saves the own profile form and refuses a bad PIN naming pin', async () => {
    expect((await w.alice.client.form('/voicemail/profile', { mainAction: 'none', attachmentFormat: 'mp3', alternateEmail: '', pin: '' })).status).toBe(303);
    const bad = await w.alice.client.form('/voicemail/profile', { mainAction: 'none', attachmentFormat: 'mp3', pin: '12' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('id="e-pin"');
  });
});
