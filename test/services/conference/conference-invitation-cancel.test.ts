import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { emails, jobs } from '../../../schema/index.js';
import { deleteRoom, updateRoom } from '../../../functions/services/conference/room-write.js';
import { systemScope } from '../../../functions/services/scope.js';
import { type Harness, useHarness } from '../../helpers/harness.js';
import { expectError, jsonOf, userWithMatrix } from '../../routes/api/api-helpers.js';
import { invitationEvent, mailsTo, roomBody, window } from './conference-fixture.js';

let h: Harness;
// The organization's default language is Spanish here, so free addresses are told apart from
// users (who keep their own) and from the organizer (English).
useHarness((ready) => ({ h } = ready), { RAMAL_LANGUAGE: 'es' });

const base = '/api/v1/conference/rooms';
const CANCELLATION = 'conference.cancellation';
let alice: Awaited<ReturnType<typeof userWithMatrix>>;
let rita: { id: string; email: string };
let caio: { id: string; email: string };
beforeAll(async () => {
  alice = await userWithMatrix(h, { vconference: ['view', 'create', 'edit', 'delete'] }, { name: 'Alice Lima' });
  rita = { email: 'rita.cancel@example.test', id: await h.addUser({ email: 'rita.cancel@example.test', fullName: 'Rita Souza', language: 'pt-BR' }) };
  caio = { email: 'caio.cancel@example.test', id: await h.addUser({ email: 'caio.cancel@example.test', fullName: 'Caio Prado', language: 'en' }) };
});

const uidOf = (roomId: string) => `${roomId}@conference.ramal`;
const forRoom = <T extends Parameters<typeof invitationEvent>[0]>(mails: T[], roomId: string) => mails.filter((m) => invitationEvent(m).vevent.getFirstPropertyValue('uid') === uidOf(roomId));
const sequenceOf = (mail: Parameters<typeof invitationEvent>[0]) => Number(invitationEvent(mail).vevent.getFirstPropertyValue('sequence'));
const attendeesOf = (mail: Parameters<typeof invitationEvent>[0]) => invitationEvent(mail).vevent.getAllProperties('attendee').map((p) => String(p.getFirstValue()).toLowerCase()).sort();

async function createRoom(invitees: { userIds?: string[]; emails?: string[] }, extra: Record<string, unknown> = {}) {
  return jsonOf<{ id: string; number: string }>(await alice.client.json('POST', base, roomBody({ subject: 'Planning', invitees: { userIds: [], emails: [], ...invitees }, ...extra })), 201);
}

describe('removing invitees from a room before it starts', () => {
  it('sends each removed person a CANCEL with the same UID and a higher SEQUENCE, in their language', async () => {
    const room = await createRoom({ userIds: [rita.id, caio.id], emails: ['gone@outside.test'] });
    await jsonOf(await alice.client.json('PATCH', `${base}/${room.id}`, { invitees: { userIds: [caio.id], emails: [] } }));

    for (const [address, subject] of [[rita.email, 'Convite cancelado: Planning'], ['gone@outside.test', 'Invitación cancelada: Planning']] as const) {
      const [request] = forRoom(await mailsTo(h, address), room.id);
      const cancels = forRoom(await mailsTo(h, address, CANCELLATION), room.id);
      expect(cancels).toHaveLength(1);
      const cancel = cancels[0]!;
      const { calendar, vevent, contentType } = invitationEvent(cancel);
      expect(contentType).toBe('text/calendar; method=CANCEL; charset=UTF-8');
      expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
      expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
      expect(sequenceOf(cancel)).toBeGreaterThan(sequenceOf(request!));
      expect(attendeesOf(cancel)).toEqual([`mailto:${address}`]);
      expect(String(vevent.getFirstPropertyValue('organizer')).toLowerCase()).toBe(`mailto:${alice.email}`);
      expect(cancel.subject).toBe(subject);
    }
  });

  it('sends those who stay the updated REQUEST with the same higher SEQUENCE, and no CANCEL', async () => {
    const room = await createRoom({ userIds: [caio.id], emails: ['stays@outside.test', 'leaves@outside.test'] });
    await jsonOf(await alice.client.json('PATCH', `${base}/${room.id}`, { subject: 'Planning (moved)', invitees: { userIds: [caio.id], emails: ['stays@outside.test'] } }));
    for (const address of [caio.email, 'stays@outside.test']) {
      const requests = forRoom(await mailsTo(h, address), room.id);
      expect(requests.map(sequenceOf)).toEqual([0, 1]);
      expect(invitationEvent(requests[1]!).calendar.getFirstPropertyValue('method')).toBe('REQUEST');
      expect(attendeesOf(requests[1]!)).toEqual([`mailto:${caio.email}`, 'mailto:stays@outside.test'].sort());
      expect(forRoom(await mailsTo(h, address, CANCELLATION), room.id)).toHaveLength(0);
    }
    expect(forRoom(await mailsTo(h, 'leaves@outside.test', CANCELLATION), room.id).map(sequenceOf)).toEqual([1]);
  });

  it('raises the SEQUENCE on every change, so a later CANCEL outranks every earlier REQUEST', async () => {
    const room = await createRoom({ emails: ['twice@outside.test', 'late@outside.test'] });
    await jsonOf(await alice.client.json('PATCH', `${base}/${room.id}`, { subject: 'First change' }));
    await jsonOf(await alice.client.json('PATCH', `${base}/${room.id}`, { invitees: { emails: ['twice@outside.test'] } }));
    expect(forRoom(await mailsTo(h, 'late@outside.test'), room.id).map(sequenceOf)).toEqual([0, 1]);
    expect(forRoom(await mailsTo(h, 'late@outside.test', CANCELLATION), room.id).map(sequenceOf)).toEqual([2]);
    expect(forRoom(await mailsTo(h, 'twice@outside.test'), room.id).map(sequenceOf)).toEqual([0, 1, 2]);
  });

  it('queues each cancellation with its send job (the job runner delivers it)', async () => {
    const room = await createRoom({ emails: ['job@outside.test'] });
    await jsonOf(await alice.client.json('PATCH', `${base}/${room.id}`, { invitees: { emails: [] } }));
    const [cancel] = forRoom(await mailsTo(h, 'job@outside.test', CANCELLATION), room.id);
    const [job] = await h.deps.db.select().from(jobs).where(eq(jobs.id, cancel!.jobId!));
    expect(job).toMatchObject({ kind: 'email-send', input: { emailId: cancel!.id } });
  });

  it('sends nothing once the room has started: the change answers 409', async () => {
    const soon = window(0.1);
    const room = await createRoom({ emails: ['started@outside.test'] }, soon);
    const before = (await h.deps.db.select({ id: emails.id }).from(emails)).length;
    h.clock.offsetMs = Date.parse(soon.startsAt) - Date.now() + 60_000;
    try {
      await expectError(await alice.client.json('PATCH', `${base}/${room.id}`, { invitees: { emails: [] } }), 409, 'CONFLICT');
    } finally {
      h.clock.offsetMs = 0;
    }
    expect((await h.deps.db.select({ id: emails.id }).from(emails)).length).toBe(before);
  });
});

describe('deleting a room', () => {
  it('sends every invitee a CANCEL of the whole meeting before it starts', async () => {
    const room = await createRoom({ userIds: [rita.id], emails: ['all1@outside.test'] });
    await jsonOf(await alice.client.json('PATCH', `${base}/${room.id}`, { subject: 'Planning v2' }));
    expect((await alice.client.json('DELETE', `${base}/${room.id}`)).status).toBe(204);
    for (const [address, subject] of [[rita.email, 'Conferência cancelada: Planning v2'], ['all1@outside.test', 'Conferencia cancelada: Planning v2']] as const) {
      const cancels = forRoom(await mailsTo(h, address, CANCELLATION), room.id);
      expect(cancels).toHaveLength(1);
      expect(sequenceOf(cancels[0]!)).toBe(2);
      expect(invitationEvent(cancels[0]!).vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
      expect(attendeesOf(cancels[0]!)).toEqual([rita.email, 'all1@outside.test'].map((a) => `mailto:${a}`).sort());
      expect(cancels[0]!.subject).toBe(subject);
    }
  });

  it('cancels while the room is running, but not after it ended', async () => {
    const short = window(0.2, 0.1);
    const running = await createRoom({ emails: ['running@outside.test'] }, window(0.1));
    const ended = await createRoom({ emails: ['ended@outside.test'] }, short);
    // A minute after the short room's end (in 12 to 18 minutes): the hour-long one from 6 minutes is running.
    h.clock.offsetMs = Date.parse(short.endsAt) - Date.now() + 60_000;
    try {
      expect((await alice.client.json('DELETE', `${base}/${running.id}`)).status).toBe(204);
      expect((await alice.client.json('DELETE', `${base}/${ended.id}`)).status).toBe(204);
    } finally {
      h.clock.offsetMs = 0;
    }
    expect(forRoom(await mailsTo(h, 'running@outside.test', CANCELLATION), running.id)).toHaveLength(1);
    expect(await mailsTo(h, 'ended@outside.test', CANCELLATION)).toHaveLength(0);
  });

  it('sends nothing when another organization tries to delete the room (404)', async () => {
    const room = await createRoom({ emails: ['foreign@outside.test'] });
    const other = await h.addOrganization('Other Co', 'boss@other.test');
    const stranger = await h.signedIn('boss@other.test', 'admin-password-1');
    await expectError(await stranger.json('DELETE', `${base}/${room.id}`), 404, 'NOT_FOUND');
    expect(other.orgId).not.toBe(h.org.orgId);
    expect(await mailsTo(h, 'foreign@outside.test', CANCELLATION)).toHaveLength(0);
  });
});

describe('changes of one room saved at the same moment', () => {
  it('never mail one SEQUENCE twice: a change that lost the race answers 409 and writes nothing', async () => {
    const room = await createRoom({ emails: ['racing@outside.test'] });
    const subjects = ['Race A', 'Race B', 'Race C', 'Race D'];
    const responses = await Promise.all(subjects.map((subject) => alice.client.json('PATCH', `${base}/${room.id}`, { subject })));
    const statuses = responses.map((r) => r.status);
    for (const r of responses.filter((r) => r.status === 409)) await expectError(r, 409, 'CONFLICT');
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    const won = statuses.filter((s) => s === 200).length;
    const sequences = forRoom(await mailsTo(h, 'racing@outside.test'), room.id).map(sequenceOf);
    expect(sequences).toEqual([...Array(won + 1).keys()]);
    const saved = jsonOf<{ subject: string }>(await alice.client.json('GET', `${base}/${room.id}`));
    expect(subjects.filter((_, i) => statuses[i] === 200)).toContain((await saved).subject);
  });

  it('an edit whose room is deleted while it is being saved writes nothing (409): no invitation follows the CANCEL', async () => {
    const room = await createRoom({ emails: ['deleted-race@outside.test'] });
    // The edit has read the room and built its batch; the deletion commits before that batch runs.
    let release!: () => void;
    let reached!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const atBatch = new Promise<void>((resolve) => (reached = resolve));
    const db = h.deps.db;
    const gatedDb = new Proxy(db, {
      get: (target, prop, receiver) => (prop === 'batch' ? async (items: Parameters<typeof db.batch>[0]) => (reached(), await gate, target.batch(items)) : Reflect.get(target, prop, receiver)),
    });
    const scope = systemScope(h.org.orgId);
    const edit = updateRoom({ ...h.deps, db: gatedDb }, scope, room.id, { subject: 'Too late' });
    await atBatch;
    await deleteRoom(h.deps, scope, room.id);
    release();
    await expect(edit).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'conference.err.changedMeanwhile' });
    expect(forRoom(await mailsTo(h, 'deleted-race@outside.test'), room.id).map(sequenceOf)).toEqual([0]);
    expect(forRoom(await mailsTo(h, 'deleted-race@outside.test', CANCELLATION), room.id).map(sequenceOf)).toEqual([1]);
  });
});
