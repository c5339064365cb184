import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { conferenceSessions, events } from '../../../schema/index.js';
import { dispatchEvents } from '../../../workers/jobs/dispatch-events.js';
import { EVENT_CONSUMERS } from '../../../workers/jobs/event-consumers.js';
import { type Harness, useHarness } from '../../helpers/harness.js';
import { nodeClient } from '../../helpers/node-client.js';
import type { TestClient } from '../../helpers/test-client.js';
import { insertRoom } from '../../services/conference/conference-fixture.js';
import { expectError, jsonOf, refusedFields } from './api-helpers.js';

let h: Harness;
let admin: TestClient;
let node: TestClient;
useHarness((ready) => ({ h, admin } = ready));
beforeAll(async () => {
  node = await nodeClient(h);
});

const base = '/api/v1/node/conference';
const MIN = 60_000;
let serial = 0;
const number = () => String(7000 + ++serial);
const ago = (ms: number) => new Date(Date.now() - ms);
const ahead = (ms: number) => new Date(Date.now() + ms);

describe('GET /rooms/:number', () => {
  it('answers the room open now with its options, limit and end', async () => {
    const n = number();
    const endsAt = ahead(30 * MIN);
    const id = await insertRoom(h, { number: n, startsAt: ago(MIN), endsAt, options: { record: true, listenOnly: true } });
    const room = await jsonOf(await node.get(`${base}/rooms/${n}`));
    expect(room).toMatchObject({ state: 'open', roomId: id, kind: 'public', number: n, maxParticipants: 50, endsAt: endsAt.toISOString() });
    expect(room.options).toMatchObject({ record: true, listenOnly: true, muteOnEntry: false });
  });

  it("answers 'closed' with the next window before it opens, and with none after the last one", async () => {
    const n = number();
    const startsAt = ahead(60 * MIN);
    const endsAt = ahead(90 * MIN);
    await insertRoom(h, { number: n, startsAt: ago(120 * MIN), endsAt: ago(60 * MIN) });
    await insertRoom(h, { number: n, startsAt, endsAt });
    await insertRoom(h, { number: n, startsAt: ahead(300 * MIN), endsAt: ahead(330 * MIN) });
    expect(await jsonOf(await node.get(`${base}/rooms/${n}`))).toEqual({ state: 'closed', number: n, nextStartsAt: startsAt.toISOString(), nextEndsAt: endsAt.toISOString() });
    const past = number();
    await insertRoom(h, { number: past, startsAt: ago(120 * MIN), endsAt: ago(60 * MIN) });
    expect(await jsonOf(await node.get(`${base}/rooms/${past}`))).toEqual({ state: 'closed', number: past, nextStartsAt: null, nextEndsAt: null });
  });

  it('answers 404 for a number no room has, and for a room of another site', async () => {
    await expectError(await node.get(`${base}/rooms/99999999`), 404, 'NOT_FOUND');
    const other = await h.addOrganization('Far', 'far-admin@example.test');
    const n = number();
    await insertRoom(h, { number: n, startsAt: ago(MIN), endsAt: ahead(MIN), orgId: other.orgId, siteId: other.siteId });
    await expectError(await node.get(`${base}/rooms/${n}`), 404, 'NOT_FOUND');
  });
});

describe('POST /rooms/:number/pin', () => {
  it('gives the administrator PIN the admin role and the participant PIN the participant role', async () => {
    const n = number();
    await insertRoom(h, { number: n, startsAt: ago(MIN), endsAt: ahead(30 * MIN) });
    expect(await jsonOf(await node.json('POST', `${base}/rooms/${n}/pin`, { pin: '9876', callerNumber: '2001' }))).toMatchObject({ role: 'admin', locked: false, attemptsLeft: 5 });
    expect(await jsonOf(await node.json('POST', `${base}/rooms/${n}/pin`, { pin: '1234', callerNumber: '2002' }))).toMatchObject({ role: 'participant' });
  });

  it('locks a caller number out after 5 wrong PINs, even for the right one, while another caller still enters', async () => {
    const n = number();
    await insertRoom(h, { number: n, startsAt: ago(MIN), endsAt: ahead(30 * MIN) });
    const tryPin = async (pin: string, callerNumber = '3001') => jsonOf(await node.json('POST', `${base}/rooms/${n}/pin`, { pin, callerNumber }));
    expect(await tryPin('0000')).toMatchObject({ role: null, attemptsLeft: 4, locked: false });
    for (let i = 0; i < 3; i++) await tryPin('0000');
    const fifth = await tryPin('0000');
    expect(fifth).toMatchObject({ role: null, attemptsLeft: 0, locked: true });
    expect(Date.parse(fifth.lockedUntil) - Date.now()).toBeGreaterThan(14 * MIN);
    expect(await tryPin('1234')).toMatchObject({ role: null, locked: true });
    expect(await tryPin('1234', '3002')).toMatchObject({ role: 'participant' });
  });

  it('answers 409 for a closed room and 400 for a PIN that is not 4 to 10 digits', async () => {
    const n = number();
    await insertRoom(h, { number: n, startsAt: ahead(60 * MIN), endsAt: ahead(90 * MIN) });
    await expectError(await node.json('POST', `${base}/rooms/${n}/pin`, { pin: '1234' }), 409, 'CONFLICT');
    expect(await refusedFields(await node.json('POST', `${base}/rooms/${n}/pin`, { pin: '12' }))).toEqual(['pin']);
  });
});

describe('private rooms', () => {
  it("are set up by the owner's phone and open at any time; the owner moderates, others take part", async () => {
    await h.addUser({ email: 'owner@example.test', extensions: [{ siteId: h.org.siteId, number: '4100' }] });
    expect((await node.json('PUT', `${base}/private-rooms/4100/pin`, { pin: '24680' })).status).toBe(204);
    expect(await jsonOf(await node.get(`${base}/rooms/4100`))).toMatchObject({ state: 'open', kind: 'private', number: '4100', endsAt: null });
    expect(await jsonOf(await node.json('POST', `${base}/rooms/4100/pin`, { pin: '24680', callerNumber: '4100' }))).toMatchObject({ role: 'admin' });
    expect(await jsonOf(await node.json('POST', `${base}/rooms/4100/pin`, { pin: '24680', callerNumber: '2000' }))).toMatchObject({ role: 'participant' });
    expect((await node.json('PUT', `${base}/private-rooms/4100/pin`, { pin: '13579' })).status).toBe(204);
    expect(await jsonOf(await node.json('POST', `${base}/rooms/4100/pin`, { pin: '24680', callerNumber: '4100' }))).toMatchObject({ role: null });
  });

  it('answers 404 for an extension the site does not have', async () => {
    await expectError(await node.json('PUT', `${base}/private-rooms/4999/pin`, { pin: '24680' }), 404, 'NOT_FOUND');
  });
});

const participant = (id: string, extra: Record<string, unknown> = {}) => ({ id, name: `Caller ${id}`, number: `20${id}`, role: 'participant', muted: false, talking: false, listenOnly: false, joinedAt: new Date().toISOString(), ...extra });

describe('live state and commands', () => {
  it('shows what the node pushed, and nothing once the push is older than 10 s', async () => {
    const roomId = await insertRoom(h, { number: number(), startsAt: ago(MIN), endsAt: ahead(30 * MIN) });
    await jsonOf(await node.json('PUT', `${base}/live`, { rooms: [{ roomId, sessionId: 's-live', locked: false, participants: [participant('1', { talking: true }), participant('2')] }] }));
    const live = await jsonOf(await admin.get(`/api/v1/conference/rooms/${roomId}/live`));
    expect(live).toMatchObject({ running: true, sessionId: 's-live', locked: false, mayModerate: true });
    expect(live.participants.map((p: { id: string; talking: boolean }) => [p.id, p.talking])).toEqual([['1', true], ['2', false]]);
    h.clock.offsetMs = 11_000;
    try {
      expect(await jsonOf(await admin.get(`/api/v1/conference/rooms/${roomId}/live`))).toMatchObject({ running: false, participants: [] });
    } finally {
      h.clock.offsetMs = 0;
    }
  });

  it('forgets a room the next push leaves out', async () => {
    const roomId = await insertRoom(h, { number: number(), startsAt: ago(MIN), endsAt: ahead(30 * MIN) });
    await jsonOf(await node.json('PUT', `${base}/live`, { rooms: [{ roomId, sessionId: 's-gone', locked: false, participants: [participant('1')] }] }));
    await jsonOf(await node.json('PUT', `${base}/live`, { rooms: [] }));
    expect(await jsonOf(await admin.get(`/api/v1/conference/rooms/${roomId}/live`))).toMatchObject({ running: false });
  });

  it('hands a moderator command to the node in the next answer until the node acks it', async () => {
    const roomId = await insertRoom(h, { number: number(), startsAt: ago(MIN), endsAt: ahead(30 * MIN) });
    const push = (acked: string[] = []) => node.json('PUT', `${base}/live`, { rooms: [{ roomId, sessionId: 's-cmd', locked: false, participants: [participant('7')] }], acked });
    await jsonOf(await push());
    const { id } = await jsonOf(await admin.json('POST', `/api/v1/conference/rooms/${roomId}/live/commands`, { action: 'mute', participantId: '7' }), 202);
    expect((await jsonOf(await push())).commands).toEqual([{ id, roomId, action: 'mute', participantId: '7' }]);
    expect((await jsonOf(await push([id]))).commands).toEqual([]);
  });

  it('refuses a command for a participant not in the room (400) and for a room not running (409)', async () => {
    const roomId = await insertRoom(h, { number: number(), startsAt: ago(MIN), endsAt: ahead(30 * MIN) });
    await expectError(await admin.json('POST', `/api/v1/conference/rooms/${roomId}/live/commands`, { action: 'lock' }), 409, 'CONFLICT');
    await jsonOf(await node.json('PUT', `${base}/live`, { rooms: [{ roomId, sessionId: 's-x', locked: false, participants: [participant('1')] }] }));
    expect(await refusedFields(await admin.json('POST', `/api/v1/conference/rooms/${roomId}/live/commands`, { action: 'remove', participantId: 'nobody' }))).toEqual(['participantId']);
    expect(await refusedFields(await admin.json('POST', `/api/v1/conference/rooms/${roomId}/live/commands`, { action: 'explode' }))).toEqual(['action']);
  });

  it("ignores rooms of another site in a push", async () => {
    const other = await h.addOrganization('Else', 'else-admin@example.test');
    const foreign = await insertRoom(h, { number: number(), startsAt: ago(MIN), endsAt: ahead(30 * MIN), orgId: other.orgId, siteId: other.siteId });
    await jsonOf(await node.json('PUT', `${base}/live`, { rooms: [{ roomId: foreign, sessionId: 's-f', locked: true, participants: [] }] }));
    const otherAdmin = await h.signedIn('else-admin@example.test', 'admin-password-1');
    expect(await jsonOf(await otherAdmin.get(`/api/v1/conference/rooms/${foreign}/live`))).toMatchObject({ running: false });
  });
});

describe('POST /node/events checks catalogue payloads', () => {
  it('refuses a conference event whose payload does not match its schema, naming the event and field', async () => {
    const res = await node.json('POST', '/api/v1/node/events', {
      events: [{ id: crypto.randomUUID(), type: 'conference.started', occurredAt: new Date().toISOString(), payload: { sessionId: 's', number: '1', subject: '', startedAt: new Date().toISOString() } }],
    });
    const body = await expectError(res, 400, 'VALIDATION');
    expect(body.error.fields).toEqual([expect.objectContaining({ field: 'events.0.payload.roomId' })]);
    expect(body.error.fields![0]!.message).toMatch(/^conference\.started: /);
  });

  it('still accepts event types the catalogue does not know', async () => {
    const id = crypto.randomUUID();
    expect(await jsonOf(await node.json('POST', '/api/v1/node/events', { events: [{ id, type: 'call.ended', occurredAt: new Date().toISOString(), payload: { anything: 1 } }] }))).toEqual({ accepted: [id] });
    await dispatchEvents(h.deps, { owner: 'conf-test', consumers: EVENT_CONSUMERS });
    expect((await h.deps.db.select().from(events).where(eq(events.id, id))).length).toBe(1);
    expect(await h.deps.db.select().from(conferenceSessions).where(eq(conferenceSessions.nodeSessionId, id))).toEqual([]);
  });
});
