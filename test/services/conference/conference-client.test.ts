import { beforeAll, describe, expect, it } from 'vitest';
import { createCentralClient } from '../../../media-node/central/client.js';
import { createConferenceClient, type ConferenceClient } from '../../../media-node/central/conference-client.js';
import { silentLogger } from '../../../media-node/log.js';
import { type Harness, useHarness } from '../../helpers/harness.js';
import { nodeClient } from '../../helpers/node-client.js';
import { insertRoom } from './conference-fixture.js';

let h: Harness;
let conference: ConferenceClient;
useHarness((ready) => ({ h } = ready));
beforeAll(async () => {
  const token = (await nodeClient(h)).bearer!;
  // The node's real client, talking to the app in-process instead of over a socket.
  const central = createCentralClient({ baseUrl: 'http://ramal.test', token, log: silentLogger, retries: 0, fetch: ((input: RequestInfo | URL, init?: RequestInit) => h.app.request(String(input), init)) as typeof fetch });
  conference = createConferenceClient(central);
});

const MIN = 60_000;

describe("the node's conference client against the central app", () => {
  it('looks a room up, checks PINs, and gets null for an unknown number', async () => {
    const roomId = await insertRoom(h, { number: '5151', startsAt: new Date(Date.now() - MIN), endsAt: new Date(Date.now() + 30 * MIN) });
    expect(await conference.room('5151')).toMatchObject({ state: 'open', roomId });
    expect(await conference.room('5152')).toBeNull();
    expect(await conference.checkPin('5151', '9876', '2000')).toMatchObject({ role: 'admin' });
    expect(await conference.checkPin('5151', '0000', '2000')).toMatchObject({ role: null, attemptsLeft: 4 });
  });

  it('gets null from a PIN check once the room has closed', async () => {
    await insertRoom(h, { number: '5153', startsAt: new Date(Date.now() + 60 * MIN), endsAt: new Date(Date.now() + 90 * MIN) });
    expect(await conference.checkPin('5153', '1234', '2000')).toBeNull();
  });

  it('pushes the live state and receives the pending commands', async () => {
    const roomId = await insertRoom(h, { number: '5154', startsAt: new Date(Date.now() - MIN), endsAt: new Date(Date.now() + 30 * MIN) });
    const participants = [{ id: 'a', name: 'Ana', number: '2001', role: 'participant' as const, muted: false, talking: true, listenOnly: false, joinedAt: new Date().toISOString() }];
    expect(await conference.pushLive({ rooms: [{ roomId, sessionId: 's1', locked: false, participants }] })).toEqual([]);
    const admin = await h.admin();
    const queued = (await (await admin.json('POST', `/api/v1/conference/rooms/${roomId}/live/commands`, { action: 'lock' })).json()) as { id: string };
    expect(await conference.pushLive({ rooms: [{ roomId, sessionId: 's1', locked: false, participants }] })).toEqual([{ id: queued.id, roomId, action: 'lock', participantId: null }]);
    expect(await conference.pushLive({ rooms: [{ roomId, sessionId: 's1', locked: true, participants }], acked: [queued.id] })).toEqual([]);
  });
});
