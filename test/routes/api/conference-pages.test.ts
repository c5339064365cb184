import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { conferenceRooms, conferenceSettings } from '../../../schema/index.js';
import { utcToLocal } from '../../../functions/services/conference/local-time.js';
import { type Harness, useHarness } from '../../helpers/harness.js';
import { nodeClient } from '../../helpers/node-client.js';
import type { TestClient } from '../../helpers/test-client.js';
import { insertRoom, invitationEvent, mailsTo } from '../../services/conference/conference-fixture.js';
import { jsonOf, userWithMatrix } from './api-helpers.js';

let h: Harness;
let admin: TestClient;
let node: TestClient;
useHarness((ready) => ({ h, admin } = ready));
beforeAll(async () => {
  node = await nodeClient(h);
});

const ZONE = 'America/Sao_Paulo';
const MIN = 60_000;
const local = (ms: number) => utcToLocal(new Date(Math.ceil((Date.now() + ms) / MIN) * MIN), ZONE);

describe('room pages', () => {
  it("creates a room from the form, reading the times in the site's time zone", async () => {
    const starts = local(48 * 60 * MIN);
    const ends = local(49 * 60 * MIN);
    const res = await admin.form('/conference/new', {
      siteId: h.org.siteId, number: '321', subject: 'Form room', participantPin: '1111', adminPin: '2222', startsAt: starts, endsAt: ends, maxParticipants: '12',
      options: ['record', 'quiet'], inviteEmails: 'form-guest@outside.test\nsecond@outside.test', description: 'Agenda',
    });
    expect(res.status).toBe(303);
    const [room] = await h.deps.db.select().from(conferenceRooms).where(eq(conferenceRooms.subject, 'Form room'));
    expect(res.headers.get('location')).toBe(`/conference/${room!.id}`);
    expect(utcToLocal(room!.startsAt!, ZONE)).toBe(starts);
    expect(room!.options).toMatchObject({ record: true, quiet: true, listenOnly: false });
    expect(room!.maxParticipants).toBe(12);
    const [mail] = await mailsTo(h, 'form-guest@outside.test');
    expect(invitationEvent(mail!).vevent.getFirstPropertyValue('summary')).toBe('Form room');
    const page = await (await admin.get(`/conference/${room!.id}`)).text();
    expect(page).toContain(`value="${starts}"`);
    expect(page).toContain('Participant PIN: 1111');
    expect(page).toContain('Dial-in: 1006321');
  });

  it('shows the form again with the errors and the typed values (400)', async () => {
    const res = await admin.form('/conference/new', { siteId: h.org.siteId, number: 'abc', subject: 'Typed subject', participantPin: '1111', adminPin: '1111', startsAt: local(60 * MIN), endsAt: 'soon' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('value="Typed subject"');
    expect(html).toContain('Enter a date and time.');
  });

  it('shows a started room read-only', async () => {
    const id = await insertRoom(h, { number: '654', startsAt: new Date(Date.now() - MIN), endsAt: new Date(Date.now() + 30 * MIN) });
    const html = await (await admin.get(`/conference/${id}`)).text();
    expect(html).toContain('The conference has started: the room can no longer be changed.');
    expect(html).toMatch(/<fieldset class="form-body" disabled/);
    expect((await admin.form(`/conference/${id}`, { number: '654', participantPin: '1111', startsAt: local(60 * MIN), endsAt: local(120 * MIN) })).status).toBe(409);
  });

  it('lists rooms in progress in bold and scheduled ones in normal type', async () => {
    const open = await insertRoom(h, { number: '655', startsAt: new Date(Date.now() - MIN), endsAt: new Date(Date.now() + 30 * MIN) });
    await insertRoom(h, { number: '656', startsAt: new Date(Date.now() + 60 * MIN), endsAt: new Date(Date.now() + 90 * MIN) });
    const html = await (await admin.get('/conference?pageSize=200')).text();
    expect(html).toContain(`<strong data-room-open="true"><a href="/conference/${open}">655</a></strong>`);
    expect(html).toMatch(/<a href="\/conference\/[^"]+">656<\/a>/);
    expect(html).not.toMatch(/<strong data-room-open="true"><a href="\/conference\/[^"]+">656/);
  });

  it('refuses the pages to a user without vconference.view (403)', async () => {
    const nobody = await userWithMatrix(h, { vmailer: ['view'] });
    expect((await nobody.client.get('/conference')).status).toBe(403);
    expect((await nobody.client.get('/conference/history')).status).toBe(403);
  });
});

describe('live page', () => {
  it('shows who is talking and posts a mute the node receives', async () => {
    const roomId = await insertRoom(h, { number: '657', startsAt: new Date(Date.now() - MIN), endsAt: new Date(Date.now() + 30 * MIN) });
    const push = () => node.json('PUT', '/api/v1/node/conference/live', { rooms: [{ roomId, sessionId: 's', locked: false, participants: [{ id: 'p1', name: 'Rita', number: '2001', role: 'participant', muted: false, talking: true, listenOnly: false, joinedAt: new Date().toISOString() }] }] });
    await jsonOf(await push());
    const page = await (await admin.get(`/conference/${roomId}/live`)).text();
    expect(page).toContain(`data-refresh="/conference/${roomId}/live/fragment"`);
    expect(page).toContain('data-refresh-ms="2000"');
    const fragment = await (await admin.get(`/conference/${roomId}/live/fragment`)).text();
    expect(fragment).toContain('Rita · 2001');
    expect(fragment).toContain('<strong data-talking="true">Talking </strong>');
    expect((await admin.form(`/conference/${roomId}/live/commands`, { action: 'mute', participantId: 'p1' })).status).toBe(303);
    expect((await jsonOf(await push())).commands).toEqual([expect.objectContaining({ action: 'mute', participantId: 'p1' })]);
  });
});

describe('settings page', () => {
  it('saves the recordings template and the room limit', async () => {
    const form: Record<string, string> = { 'maxRooms.0.siteId': h.org.siteId, 'maxRooms.0.maxRooms': '7' };
    for (const l of ['pt-BR', 'en', 'es']) Object.assign(form, { [`templates.${l}.subject`]: `Rec {room} ${l}`, [`templates.${l}.body`]: 'From {start} to {end}' });
    expect((await admin.form('/conference/settings', form)).status).toBe(303);
    const [row] = await h.deps.db.select().from(conferenceSettings).where(eq(conferenceSettings.orgId, h.org.orgId));
    expect(row!.templates.en).toEqual({ subject: 'Rec {room} en', body: 'From {start} to {end}' });
    const bad = await admin.form('/conference/settings', { ...form, 'templates.en.subject': 'Rec {protocol}' });
    expect(bad.status).toBe(400);
  });
});
