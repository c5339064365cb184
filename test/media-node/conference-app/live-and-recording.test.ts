import { afterEach, describe, expect, it } from 'vitest';
import type { LiveCommand, LivePush } from '../../../media-node/central/conference-client.js';
import { startLivePusher, type LivePusher } from '../../../media-node/conference/live-pusher.js';
import { LivePushSchema } from '../../../functions/services/conference/node-conference-contract.js';
import { silentLogger } from '../../../media-node/log.js';
import { ADMIN_PIN, ConferenceWorld, PARTICIPANT_PIN, openRoom, until } from './conference-fixture.js';

let world: ConferenceWorld;
let pusher: LivePusher | undefined;
afterEach(async () => {
  pusher?.stop();
  await world?.dispose();
});

function fakeCentral(answers: LiveCommand[][] = []) {
  const pushes: LivePush[] = [];
  let fail = false;
  return {
    pushes,
    failNext: () => void (fail = true),
    client: {
      async pushLive(push: LivePush): Promise<LiveCommand[]> {
        if (fail) {
          fail = false;
          throw new Error('network down');
        }
        pushes.push(structuredClone(push));
        return answers.shift() ?? [];
      },
    },
  };
}

describe('conference live pusher', () => {
  it('pushes nothing while no room runs', async () => {
    world = new ConferenceWorld();
    const central = fakeCentral();
    pusher = startLivePusher({ registry: world.registry, client: central.client, log: silentLogger, intervalMs: 60_000 });
    await pusher.pushOnce();
    expect(central.pushes).toEqual([]);
  });

  it('pushes the running rooms with their participants, in the contract shape', async () => {
    world = new ConferenceWorld();
    world.join(ADMIN_PIN, '42', { user: '3001', displayName: 'Ana' });
    await until(() => world.registry.get('room-1')?.mixer.count === 1);
    const central = fakeCentral();
    pusher = startLivePusher({ registry: world.registry, client: central.client, log: silentLogger, intervalMs: 60_000 });
    await pusher.pushOnce();
    const push = central.pushes[0]!;
    expect(LivePushSchema.safeParse(push).success).toBe(true);
    expect(push.rooms[0]).toMatchObject({ roomId: 'room-1', locked: false, participants: [{ name: 'Ana', number: '3001', role: 'admin', muted: false }] });
  });

  it('carries out the commands it gets back and acknowledges them in the next push', async () => {
    world = new ConferenceWorld();
    world.join(PARTICIPANT_PIN);
    await until(() => world.registry.get('room-1')?.mixer.count === 1);
    const id = world.registry.get('room-1')!.participants()[0]!.id;
    const central = fakeCentral([[{ id: 'c1', roomId: 'room-1', action: 'mute', participantId: id }, { id: 'c2', roomId: 'room-1', action: 'lock', participantId: null }, { id: 'c3', roomId: 'gone', action: 'unlock', participantId: null }]]);
    pusher = startLivePusher({ registry: world.registry, client: central.client, log: silentLogger, intervalMs: 60_000 });
    await pusher.pushOnce();
    expect(world.registry.get('room-1')!.mixer.member(id)?.muted).toBe(true);
    expect(world.registry.get('room-1')!.mixer.locked).toBe(true);
    await pusher.pushOnce();
    expect(central.pushes[1]?.acked).toEqual(['c1', 'c2', 'c3']);
    expect(central.pushes[1]?.rooms[0]).toMatchObject({ locked: true, participants: [{ muted: true }] });
    await pusher.pushOnce();
    expect(central.pushes[2]?.acked).toEqual([]);
  });

  it('a remove command takes the caller out (they hear so)', async () => {
    world = new ConferenceWorld();
    const call = world.join(PARTICIPANT_PIN);
    await until(() => world.registry.get('room-1')?.mixer.count === 1);
    const id = world.registry.get('room-1')!.participants()[0]!.id;
    const central = fakeCentral([[{ id: 'c1', roomId: 'room-1', action: 'remove', participantId: id }]]);
    pusher = startLivePusher({ registry: world.registry, client: central.client, log: silentLogger, intervalMs: 60_000 });
    await pusher.pushOnce();
    await call.done;
    expect(call.media.played).toContain('conference-you-were-removed');
  });

  it('keeps acknowledgements across a failed push, and pushes once more after the last room ended', async () => {
    world = new ConferenceWorld();
    const call = world.join(PARTICIPANT_PIN);
    await until(() => world.registry.get('room-1')?.mixer.count === 1);
    const central = fakeCentral([[{ id: 'c1', roomId: 'room-1', action: 'lock', participantId: null }]]);
    pusher = startLivePusher({ registry: world.registry, client: central.client, log: silentLogger, intervalMs: 60_000 });
    await pusher.pushOnce();
    central.failNext();
    await pusher.pushOnce();
    call.media.hangUp();
    await call.done;
    await pusher.pushOnce();
    expect(central.pushes[1]).toEqual({ rooms: [], acked: ['c1'] });
    await pusher.pushOnce();
    expect(central.pushes).toHaveLength(2);
  });

  it('pushes every interval on its own', async () => {
    world = new ConferenceWorld();
    world.join(PARTICIPANT_PIN);
    await until(() => world.registry.get('room-1')?.mixer.count === 1);
    const central = fakeCentral();
    pusher = startLivePusher({ registry: world.registry, client: central.client, log: silentLogger, intervalMs: 30 });
    await until(() => central.pushes.length >= 2);
  });
});

describe('conference recording', () => {
  it('records the mix of a room with the record option and finishes it after a session of a second or more', async () => {
    let now = Date.parse('2025-05-01T10:00:00Z');
    world = new ConferenceWorld({ rooms: { '42': openRoom({ options: { record: true } }) }, now: () => new Date(now) });
    const call = world.join(PARTICIPANT_PIN);
    await until(() => (world.items[0]?.frames.length ?? 0) > 5);
    now += 1500;
    call.media.hangUp();
    await call.done;
    await world.registry.settled();
    const item = world.items[0]!;
    expect(item.input.kind).toBe('conference-recording');
    const started = world.events.find((e) => e.type === 'conference.started')!;
    expect(item.input.metadata).toEqual({ roomId: 'room-1', sessionId: started.payload.sessionId });
    expect(item.state).toBe('finished');
  });

  it('drops the recording of a session shorter than a second', async () => {
    const now = Date.parse('2025-05-01T10:00:00Z');
    world = new ConferenceWorld({ rooms: { '42': openRoom({ options: { record: true } }) }, now: () => new Date(now) });
    const call = world.join(PARTICIPANT_PIN);
    await until(() => world.items.length === 1);
    call.media.hangUp();
    await call.done;
    await world.registry.settled();
    expect(world.items[0]!.state).toBe('aborted');
  });

  it('records nothing without the record option', async () => {
    world = new ConferenceWorld();
    const call = world.join(PARTICIPANT_PIN);
    await until(() => world.registry.get('room-1')?.mixer.count === 1);
    call.media.hangUp();
    await call.done;
    expect(world.items).toEqual([]);
  });
});
