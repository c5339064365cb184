import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { conferenceRooms, sites } from '../../../schema/index.js';
import { type Harness, useHarness } from '../../helpers/harness.js';
import type { TestClient } from '../../helpers/test-client.js';
import { invitationEvent, mailsTo, roomBody, window } from '../../services/conference/conference-fixture.js';
import { expectError, jsonOf, refusedFields, userWithMatrix } from './api-helpers.js';

let h: Harness;
let admin: TestClient;
useHarness((ready) => ({ h, admin } = ready));

const base = '/api/v1/conference/rooms';
const DEFAULT = { vconference: ['view', 'create', 'edit', 'listen', 'email'] } as const;
let alice: Awaited<ReturnType<typeof userWithMatrix>>;
let bob: Awaited<ReturnType<typeof userWithMatrix>>;
beforeAll(async () => {
  alice = await userWithMatrix(h, { vconference: [...DEFAULT.vconference] }, { name: 'Alice Lima' });
  bob = await userWithMatrix(h, { vconference: [...DEFAULT.vconference] }, { name: 'Bob Reis' });
});

describe('creating a room', () => {
  it('answers 201 with the room, its dial-in code and the invitees', async () => {
    const body = roomBody({ options: { record: true, muteOnEntry: true }, maxParticipants: 10, invitees: { userIds: [bob.id], emails: ['guest@outside.test'] } });
    const room = await jsonOf(await alice.client.json('POST', base, body), 201);
    expect(room).toMatchObject({ number: body.number, subject: body.subject, participantPin: '1234', status: 'scheduled', maxParticipants: 10, dialIn: `1006${body.number}`, creatorName: 'Alice Lima', timeZone: 'America/Sao_Paulo' });
    expect(room.options).toMatchObject({ record: true, muteOnEntry: true, listenOnly: false });
    expect(room.invitees.map((i: { email: string }) => i.email).sort()).toEqual([bob.email, 'guest@outside.test'].sort());
    expect(room).not.toHaveProperty('adminPin');
  });

  it('refuses bad input with 400 naming each field', async () => {
    const w = window(48);
    expect(await refusedFields(await admin.json('POST', base, { ...roomBody(), number: '12a' }))).toEqual(['number']);
    expect(await refusedFields(await admin.json('POST', base, { ...roomBody(), number: '123456789' }))).toEqual(['number']);
    expect(await refusedFields(await admin.json('POST', base, roomBody({ adminPin: '1234' })))).toEqual(['adminPin']);
    expect(await refusedFields(await admin.json('POST', base, roomBody({ participantPin: '12' })))).toEqual(['participantPin']);
    expect(await refusedFields(await admin.json('POST', base, roomBody({ startsAt: w.endsAt, endsAt: w.startsAt })))).toEqual(['endsAt']);
    expect(await refusedFields(await admin.json('POST', base, roomBody({ maxParticipants: 51 })))).toEqual(['maxParticipants']);
    expect(await refusedFields(await admin.json('POST', base, roomBody({ maxParticipants: 1 })))).toEqual(['maxParticipants']);
    expect(await refusedFields(await admin.json('POST', base, roomBody({ startsAt: new Date(Date.now() - 60_000).toISOString() })))).toEqual(['startsAt']);
    expect(await refusedFields(await admin.json('POST', base, roomBody({ invitees: { emails: ['not-an-address'] } })))).toEqual(['invitees.emails.0']);
  });

  it('refuses a number already used at an overlapping time, but allows it in another window', async () => {
    const first = roomBody();
    await jsonOf(await admin.json('POST', base, first), 201);
    const overlap = { ...first, startsAt: new Date(Date.parse(first.startsAt) + 30 * 60_000).toISOString(), endsAt: new Date(Date.parse(first.endsAt) + 30 * 60_000).toISOString() };
    expect(await refusedFields(await admin.json('POST', base, overlap))).toEqual(['number']);
    await jsonOf(await admin.json('POST', base, { ...first, ...window(24 * 30) }), 201);
  });

  it("refuses a room past the site's limit of public rooms (409)", async () => {
    await h.deps.db.update(sites).set({ conferenceMaxRooms: 0 }).where(eq(sites.id, h.org.siteId));
    try {
      await expectError(await admin.json('POST', base, roomBody()), 409, 'CONFLICT');
    } finally {
      await h.deps.db.update(sites).set({ conferenceMaxRooms: 1000 }).where(eq(sites.id, h.org.siteId));
    }
  });

  it('needs vconference.create (403)', async () => {
    const viewer = await userWithMatrix(h, { vconference: ['view'] });
    await expectError(await viewer.client.json('POST', base, roomBody()), 403, 'FORBIDDEN');
    const nobody = await userWithMatrix(h, { vmailer: ['view'] });
    await expectError(await nobody.client.get(base), 403, 'FORBIDDEN');
  });
});

describe('invitations', () => {
  it('e-mails each invitee once with an iCalendar REQUEST whose fields match the room', async () => {
    const body = roomBody({ subject: 'Budget review', description: 'Bring the numbers.', invitees: { userIds: [bob.id], emails: ['ext1@outside.test'] } });
    const room = await jsonOf(await alice.client.json('POST', base, body), 201);
    for (const address of [bob.email, 'ext1@outside.test']) {
      const mails = await mailsTo(h, address);
      const mine = mails.filter((m) => invitationEvent(m).vevent.getFirstPropertyValue('uid') === `${room.id}@conference.ramal`);
      expect(mine).toHaveLength(1);
      const mail = mine[0]!;
      expect(mail.subject).toMatch(/^(Convite|Invitation|Invitación): Budget review$/);
      const { calendar, vevent, contentType } = invitationEvent(mail);
      expect(contentType).toBe('text/calendar; method=REQUEST; charset=UTF-8');
      expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
      expect(vevent.getFirstPropertyValue('sequence')).toBe(0);
      expect((vevent.getFirstPropertyValue('dtstart') as any).toJSDate().toISOString()).toBe(new Date(body.startsAt).toISOString());
      expect((vevent.getFirstPropertyValue('dtend') as any).toJSDate().toISOString()).toBe(new Date(body.endsAt).toISOString());
      expect(vevent.getFirstPropertyValue('summary')).toBe('Budget review');
      const description = String(vevent.getFirstPropertyValue('description'));
      expect(description).toContain(`1006${body.number}`);
      expect(description).toContain('1234');
      expect(description).toContain('Bring the numbers.');
      expect(description).not.toContain('9876');
      expect(String(vevent.getFirstPropertyValue('organizer')).toLowerCase()).toBe(`mailto:${alice.email}`);
      expect(vevent.getAllProperties('attendee').map((p) => String(p.getFirstValue()).toLowerCase()).sort()).toEqual([`mailto:${bob.email}`, 'mailto:ext1@outside.test'].sort());
      expect(mail.textBody).toContain(`1006${body.number}`);
    }
  });

  it('sends the updated invitation with SEQUENCE 1 to every invitee when the room changes', async () => {
    const room = await jsonOf(await alice.client.json('POST', base, roomBody({ subject: 'Kickoff', invitees: { emails: ['upd@outside.test'] } })), 201);
    const moved = window(24 * 60);
    await jsonOf(await alice.client.json('PATCH', `${base}/${room.id}`, { subject: 'Kickoff (moved)', ...moved, invitees: { emails: ['upd@outside.test', 'new@outside.test'] } }));
    const updates = (await mailsTo(h, 'upd@outside.test')).filter((m) => invitationEvent(m).vevent.getFirstPropertyValue('uid') === `${room.id}@conference.ramal`);
    expect(updates).toHaveLength(2);
    const { vevent } = invitationEvent(updates[1]!);
    expect(vevent.getFirstPropertyValue('sequence')).toBe(1);
    expect(vevent.getFirstPropertyValue('summary')).toBe('Kickoff (moved)');
    expect((vevent.getFirstPropertyValue('dtstart') as any).toJSDate().toISOString()).toBe(moved.startsAt);
    expect(updates[1]!.subject).toMatch(/Kickoff \(moved\)/);
    expect(updates[1]!.subject).not.toBe(updates[0]!.subject.replace('Kickoff', 'Kickoff (moved)'));
    expect(await mailsTo(h, 'new@outside.test')).toHaveLength(1);
  });
});

describe('editing and deleting', () => {
  it('edits before the start and answers 409 with a clear message after it', async () => {
    const body = roomBody(window(0.1));
    const room = await jsonOf(await alice.client.json('POST', base, body), 201);
    await jsonOf(await alice.client.json('PATCH', `${base}/${room.id}`, { maxParticipants: 5 }));
    h.clock.offsetMs = Date.parse(body.startsAt) - Date.now() + 60_000;
    try {
      const err = await expectError(await alice.client.json('PATCH', `${base}/${room.id}`, { subject: 'late' }), 409, 'CONFLICT');
      expect(err.error.message).toMatch(/started/);
      expect((await jsonOf(await alice.client.get(`${base}/${room.id}`))).status).toBe('open');
    } finally {
      h.clock.offsetMs = 0;
    }
  });

  it('keeps the administrator PIN when PATCH leaves it out, and refuses a participant PIN equal to it', async () => {
    const room = await jsonOf(await alice.client.json('POST', base, roomBody()), 201);
    expect(await refusedFields(await alice.client.json('PATCH', `${base}/${room.id}`, { participantPin: '9876' }))).toEqual(['participantPin']);
    await jsonOf(await alice.client.json('PATCH', `${base}/${room.id}`, { participantPin: '5555' }));
  });

  it("lets only the creator or an administrator change a room: an invitee gets 403", async () => {
    const room = await jsonOf(await alice.client.json('POST', base, roomBody({ invitees: { userIds: [bob.id] } })), 201);
    await expectError(await bob.client.json('PATCH', `${base}/${room.id}`, { subject: 'mine' }), 403, 'FORBIDDEN');
    await jsonOf(await admin.json('PATCH', `${base}/${room.id}`, { subject: 'by admin' }));
  });

  it('deletes with vconference.delete; without it 403', async () => {
    const room = await jsonOf(await admin.json('POST', base, roomBody()), 201);
    const own = await jsonOf(await alice.client.json('POST', base, roomBody()), 201);
    await expectError(await alice.client.request(`${base}/${own.id}`, { method: 'DELETE' }), 403, 'FORBIDDEN');
    const deleter = await userWithMatrix(h, { vconference: ['view', 'create', 'delete'] });
    await expectError(await deleter.client.request(`${base}/${room.id}`, { method: 'DELETE' }), 404, 'NOT_FOUND');
    expect((await admin.request(`${base}/${room.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await h.deps.db.select().from(conferenceRooms).where(eq(conferenceRooms.id, room.id))).toEqual([]);
  });
});

describe('who sees which rooms', () => {
  it('a user sees rooms they created or were invited to, not others (404)', async () => {
    const invited = await jsonOf(await admin.json('POST', base, roomBody({ invitees: { userIds: [alice.id] } })), 201);
    const hidden = await jsonOf(await admin.json('POST', base, roomBody()), 201);
    const list = await jsonOf(await alice.client.get(`${base}?pageSize=200`));
    const ids = list.items.map((r: { id: string }) => r.id);
    expect(ids).toContain(invited.id);
    expect(ids).not.toContain(hidden.id);
    await expectError(await alice.client.get(`${base}/${hidden.id}`), 404, 'NOT_FOUND');
    await jsonOf(await alice.client.get(`${base}/${invited.id}`));
  });

  it("another organization's room is 404 even for its administrator", async () => {
    const other = await h.addOrganization('Other', 'other-admin@example.test');
    const otherAdmin = await h.signedIn('other-admin@example.test', 'admin-password-1');
    const room = await jsonOf(await otherAdmin.json('POST', base, roomBody()), 201);
    expect(room.siteId).toBe(other.siteId);
    await expectError(await admin.get(`${base}/${room.id}`), 404, 'NOT_FOUND');
    await expectError(await admin.json('PATCH', `${base}/${room.id}`, { subject: 'x' }), 404);
    await expectError(await admin.get(`${base}/${room.id}/live`), 404);
  });

  it('lists as CSV with vconference.export', async () => {
    const res = await admin.get(`${base}?format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const noExport = await userWithMatrix(h, { vconference: ['view'] });
    await expectError(await noExport.client.get(`${base}?format=csv`), 403);
  });
});
