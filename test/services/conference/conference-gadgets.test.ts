import { describe, expect, it } from 'vitest';
import { conferenceLive, conferenceParticipants, conferenceSessions } from '../../../schema/index.js';
import { conferenceGadgets } from '../../../functions/services/dashboard/conference-gadgets.js';
import { type Harness, useHarness } from '../../helpers/harness.js';
import type { TestClient } from '../../helpers/test-client.js';
import { userWithMatrix } from '../../routes/api/api-helpers.js';
import { insertRoom } from './conference-fixture.js';

let h: Harness;
let admin: TestClient;
useHarness((ready) => ({ h, admin } = ready));

const MIN = 60_000;

async function session(roomId: string, startedAt: Date, minutes: number, callers: number, recordingBytes = 0) {
  const id = crypto.randomUUID();
  await h.deps.db.insert(conferenceSessions).values({
    id, orgId: h.org.orgId, siteId: h.org.siteId, roomId, nodeSessionId: id, number: '1', subject: '', startedAt, endedAt: new Date(startedAt.getTime() + minutes * MIN),
    recordingAudioId: recordingBytes ? crypto.randomUUID() : null, recordingBytes,
  });
  for (let i = 0; i < callers; i++) await h.deps.db.insert(conferenceParticipants).values({ id: crypto.randomUUID(), orgId: h.org.orgId, sessionId: id, role: 'participant', joinedAt: startedAt });
}

describe('conference gadgets', () => {
  it('count this month\'s minutes, stored recordings and people in rooms now, over what the actor sees', async () => {
    // Mid-month, so "this month" cannot cut the sessions in two.
    const now = new Date('2026-11-15T15:00:00.000Z');
    const roomId = await insertRoom(h, { number: '901', startsAt: new Date(now.getTime() - MIN), endsAt: new Date(now.getTime() + 60 * MIN) });
    await session(roomId, new Date(now.getTime() - 2 * MIN), 1, 2, 3000);
    await session(roomId, new Date(now.getTime() - 3 * MIN), 2, 0, 5000);
    await session(roomId, new Date('2026-10-31T12:00:00.000Z'), 30, 1);
    await h.deps.db.insert(conferenceLive).values({ roomId, orgId: h.org.orgId, siteId: h.org.siteId, sessionId: 's', locked: false, participants: [{ id: 'a', name: '', number: '1', role: 'participant', muted: false, talking: false, listenOnly: false, joinedAt: now.toISOString() }], updatedAt: now });
    const data = await conferenceGadgets(h.deps.db, h.scope(), now);
    // The run nobody joined counts for nothing.
    expect(data.recordings).toEqual({ count: 1, bytes: 3000 });
    // Last month's half hour is not this month's time.
    expect(data.minutesThisMonth).toBe(1);
    expect(data.live).toEqual({ rooms: 1, participants: 1 });
    expect(data.upcoming.map((r) => r.id)).toContain(roomId);
    const stranger = await userWithMatrix(h, { vconference: ['view'] });
    const theirs = await conferenceGadgets(h.deps.db, { ...h.scope(), grants: { all: false, matrix: { vconference: ['view'] } }, userId: stranger.id }, now);
    expect(theirs).toMatchObject({ recordings: { count: 0, bytes: 0 }, live: { rooms: 0, participants: 0 }, upcoming: [] });
  });

  it('are drawn on the dashboard for a user with vconference.view', async () => {
    const html = await (await admin.get('/')).text();
    for (const id of ['conf-calendar', 'conf-time', 'conf-recordings', 'conf-live']) expect(html).toContain(`data-gadget-id="${id}"`);
    expect(await (await admin.get('/dashboard/gadgets/conf-live')).text()).toMatch(/people in \d+ rooms now/);
  });
});
