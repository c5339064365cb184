import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { audioItems, conferenceParticipants, conferenceSessions, events } from '../../../schema/index.js';
import { dispatchEvents } from '../../../workers/jobs/dispatch-events.js';
import { EVENT_CONSUMERS } from '../../../workers/jobs/event-consumers.js';
import { ingestConferenceEvent } from '../../../functions/services/conference/history-ingest.js';
import { SiteSchema } from '../../../functions/services/sites/site-schemas.js';
import { createSite } from '../../../functions/services/sites/site-service.js';
import { type Harness, useHarness } from '../../helpers/harness.js';
import { nodeClient, uploadAudioItem } from '../../helpers/node-client.js';
import type { TestClient } from '../../helpers/test-client.js';
import { insertRoom, mailsTo } from '../../services/conference/conference-fixture.js';
import { bytesOf, expectError, jsonOf, refusedFields, userWithMatrix } from './api-helpers.js';

let h: Harness;
let admin: TestClient;
let node: TestClient;
useHarness((ready) => ({ h, admin } = ready));
beforeAll(async () => {
  node = await nodeClient(h);
});

const MIN = 60_000;
const T0 = Date.parse('2026-11-20T13:00:00.000Z');
const at = (min: number) => new Date(T0 + min * MIN).toISOString();
let serial = 0;

async function send(list: { type: string; payload: Record<string, unknown> }[]) {
  const body = { events: list.map((e) => ({ id: crypto.randomUUID(), type: e.type, occurredAt: new Date().toISOString(), payload: e.payload })) };
  await jsonOf(await node.json('POST', '/api/v1/node/events', body));
  await dispatchEvents(h.deps, { owner: 'conf-history-test', consumers: EVENT_CONSUMERS });
  return body.events;
}

/** A room that ran: started, two callers (one left early), ended; returns the ids. */
async function ranRoom(options: { createdBy?: string | null; callers?: number } = {}) {
  const n = String(8000 + ++serial);
  const roomId = await insertRoom(h, { number: n, startsAt: new Date(T0 - MIN), endsAt: new Date(T0 + 60 * MIN), createdBy: options.createdBy ?? null, subject: `Sync ${n}` });
  const sessionId = `node-session-${serial}`;
  const ref = { roomId, sessionId };
  const callers = options.callers ?? 2;
  const sent = await send([
    { type: 'conference.started', payload: { ...ref, number: n, subject: `Sync ${n}`, startedAt: at(0) } },
    ...Array.from({ length: callers }, (_, i) => ({ type: 'conference.participant_joined', payload: { ...ref, participantId: `p${i}`, callerNumber: `300${i}`, callerName: `Caller ${i}`, role: i === 0 ? 'admin' : 'participant', joinedAt: at(1 + i) } })),
    ...(callers > 1 ? [{ type: 'conference.participant_left', payload: { ...ref, participantId: 'p1', callerNumber: '3001', callerName: 'Caller 1', role: 'participant', leftAt: at(10) } }] : []),
    { type: 'conference.ended', payload: { ...ref, endedAt: at(30), participants: callers } },
  ]);
  const [session] = await h.deps.db.select().from(conferenceSessions).where(eq(conferenceSessions.nodeSessionId, sessionId));
  return { roomId, sessionId, number: n, historyId: session?.id ?? null, sent };
}

describe('history from the node events', () => {
  it('builds an entry with every participant and their join and leave times', async () => {
    const run = await ranRoom();
    const detail = await jsonOf(await admin.get(`/api/v1/conference/history/${run.historyId}`));
    expect(detail).toMatchObject({ number: run.number, subject: `Sync ${run.number}`, startedAt: at(0), endedAt: at(30), durationMs: 30 * MIN, participants: 2, hasRecording: false });
    expect(detail.participantList.map((p: Record<string, unknown>) => [p.callerNumber, p.role, p.joinedAt, p.leftAt])).toEqual([
      ['3000', 'admin', at(1), at(30)],
      ['3001', 'participant', at(2), at(10)],
    ]);
    const [session] = await h.deps.db.select().from(conferenceSessions).where(eq(conferenceSessions.id, run.historyId!));
    expect(session!.peakParticipants).toBe(2);
  });

  it('is idempotent: handling the same events again changes nothing', async () => {
    const run = await ranRoom();
    for (const e of run.sent) {
      const items = await ingestConferenceEvent(h.deps, { id: e.id, orgId: h.org.orgId, siteId: h.org.siteId, type: e.type, payload: e.payload });
      if (items.length) await h.deps.db.batch(items as [any, ...any[]]);
    }
    expect(await h.deps.db.select().from(conferenceParticipants).where(eq(conferenceParticipants.sessionId, run.historyId!))).toHaveLength(2);
    expect((await jsonOf(await admin.get(`/api/v1/conference/history/${run.historyId}`))).participantList[1].leftAt).toBe(at(10));
  });

  it('leaves no history entry for a run nobody joined', async () => {
    const run = await ranRoom({ callers: 0 });
    await expectError(await admin.get(`/api/v1/conference/history/${run.historyId}`), 404);
    const list = await jsonOf(await admin.get('/api/v1/conference/history?pageSize=200'));
    expect(list.items.map((r: { number: string }) => r.number)).not.toContain(run.number);
  });

  it('links the recording, announces conference.recording_ready, and serves it with Range', async () => {
    const run = await ranRoom();
    const audio = await uploadAudioItem(node, { kind: 'conference-recording', metadata: { roomId: run.roomId, sessionId: run.sessionId }, startedAt: at(0), durationMs: 30 * MIN });
    await dispatchEvents(h.deps, { owner: 'conf-history-test', consumers: EVENT_CONSUMERS });
    const detail = await jsonOf(await admin.get(`/api/v1/conference/history/${run.historyId}`));
    expect(detail.hasRecording).toBe(true);
    const ready = (await h.deps.db.select().from(events).where(eq(events.type, 'conference.recording_ready'))).find((e) => e.payload.audioId === audio.id);
    expect(ready?.payload).toEqual({ roomId: run.roomId, sessionId: run.sessionId, audioId: audio.id, durationMs: 30 * MIN, historyId: run.historyId });
    const whole = await admin.get(`/api/v1/conference/history/${run.historyId}/audio?format=wav`);
    expect(await bytesOf(whole)).toEqual(audio.bodies.wav);
    const part = await admin.request(`/api/v1/conference/history/${run.historyId}/audio?format=mp3`, { headers: { range: 'bytes=0-9' } });
    expect(part.status).toBe(206);
    expect(await bytesOf(part)).toEqual(audio.bodies.mp3.slice(0, 10));
  });

  it('answers 404 for the audio of an entry without a recording', async () => {
    const run = await ranRoom();
    await expectError(await admin.get(`/api/v1/conference/history/${run.historyId}/audio`), 404, 'NOT_FOUND');
  });
});

describe('history visibility, e-mail and delete', () => {
  it("shows a user only their own rooms' history; others are 404", async () => {
    const carla = await userWithMatrix(h, { vconference: ['view', 'listen', 'email'] });
    const mine = await ranRoom({ createdBy: carla.id });
    const theirs = await ranRoom();
    const list = await jsonOf(await carla.client.get('/api/v1/conference/history?pageSize=200'));
    expect(list.items.map((r: { id: string }) => r.id)).toEqual([mine.historyId]);
    await expectError(await carla.client.get(`/api/v1/conference/history/${theirs.historyId}`), 404);
  });

  it('e-mails recordings to oneself with the template in the user language', async () => {
    const run = await ranRoom();
    await uploadAudioItem(node, { kind: 'conference-recording', metadata: { roomId: run.roomId, sessionId: run.sessionId }, startedAt: at(0) });
    await dispatchEvents(h.deps, { owner: 'conf-history-test', consumers: EVENT_CONSUMERS });
    await jsonOf(await admin.json('PUT', '/api/v1/conference/settings', { templates: { en: { subject: 'Rec {room}: {name}', body: 'From {start} to {end}' } } }));
    const before = (await mailsTo(h, 'admin@example.test', 'conference.recording')).length;
    expect(await jsonOf(await admin.json('POST', '/api/v1/conference/history/email', { ids: [run.historyId], format: 'wav' }), 202)).toEqual({ queued: 1 });
    const mails = await mailsTo(h, 'admin@example.test', 'conference.recording');
    expect(mails).toHaveLength(before + 1);
    const mail = mails.at(-1)!;
    expect(mail.subject).toBe(`Rec ${run.number}: Sync ${run.number}`);
    expect(mail.attachments[0]).toMatchObject({ contentType: 'audio/wav' });
  });

  it('refuses an unknown template field and an empty id list (400)', async () => {
    expect(await refusedFields(await admin.json('PUT', '/api/v1/conference/settings', { templates: { en: { subject: '{date}', body: 'x' } } }))).toEqual(['templates.en.subject']);
    expect(await refusedFields(await admin.json('POST', '/api/v1/conference/history/email', { ids: [] }))).toEqual(['ids']);
  });

  it('deletes an entry with its recording; needs vconference.delete', async () => {
    const run = await ranRoom();
    const audio = await uploadAudioItem(node, { kind: 'conference-recording', metadata: { roomId: run.roomId, sessionId: run.sessionId }, startedAt: at(0) });
    await dispatchEvents(h.deps, { owner: 'conf-history-test', consumers: EVENT_CONSUMERS });
    const viewer = await userWithMatrix(h, { vconference: ['view'] });
    await expectError(await viewer.client.request(`/api/v1/conference/history/${run.historyId}`, { method: 'DELETE' }), 403);
    expect((await admin.request(`/api/v1/conference/history/${run.historyId}`, { method: 'DELETE' })).status).toBe(204);
    expect(await h.deps.db.select().from(audioItems).where(eq(audioItems.id, audio.id))).toEqual([]);
    expect(await h.deps.blobs!.head(audio.files.wav.key)).toBeNull();
    await expectError(await admin.get(`/api/v1/conference/history/${run.historyId}`), 404);
  });

  it('changes the public room limit of a site in settings', async () => {
    const settings = await jsonOf(await admin.json('PUT', '/api/v1/conference/settings', { maxRooms: [{ siteId: h.org.siteId, maxRooms: 3 }] }));
    expect(settings.maxRooms).toEqual([expect.objectContaining({ siteId: h.org.siteId, maxRooms: 3 })]);
    const nobody = await userWithMatrix(h, { vconference: ['view'] });
    await expectError(await nobody.client.get('/api/v1/conference/settings'), 403);
  });
});

describe('site limits and private rooms', () => {
  it('a site-limited administrator sees no room or history of another site (404)', async () => {
    const branch = await createSite(h.deps.db, h.scope(), SiteSchema.parse({ name: 'Branch', timeZone: 'UTC' }), h.deps.now());
    const limited = await userWithMatrix(h, { vconference: ['view', 'configure'] });
    await jsonOf(await admin.json('PATCH', `/api/v1/users/${limited.id}`, { siteIds: [branch] }));
    const limitedClient = await h.signedIn(limited.email, 'user-password-1');
    const run = await ranRoom();
    await expectError(await limitedClient.get(`/api/v1/conference/history/${run.historyId}`), 404);
    await expectError(await limitedClient.get(`/api/v1/conference/rooms/${run.roomId}`), 404);
    await jsonOf(await admin.get(`/api/v1/conference/history/${run.historyId}`));
  });

  it('keeps no history for a private room', async () => {
    await h.addUser({ email: 'private-owner@example.test', extensions: [{ siteId: h.org.siteId, number: '4400' }] });
    expect((await node.json('PUT', '/api/v1/node/conference/private-rooms/4400/pin', { pin: '24680' })).status).toBe(204);
    const { roomId } = await jsonOf(await node.get('/api/v1/node/conference/rooms/4400'));
    const ref = { roomId, sessionId: 'private-session' };
    await send([
      { type: 'conference.started', payload: { ...ref, number: '4400', subject: '', startedAt: at(0) } },
      { type: 'conference.participant_joined', payload: { ...ref, participantId: 'p', callerNumber: '4400', callerName: '', role: 'admin', joinedAt: at(1) } },
    ]);
    expect(await h.deps.db.select().from(conferenceSessions).where(eq(conferenceSessions.nodeSessionId, 'private-session'))).toEqual([]);
  });
});
