import { describe, expect, it } from 'vitest';
import type { NodeUnderTest } from './node-fixture.js';
import { ADMIN_PIN, dial, enterPin, hangUpAll, live, opened, PARTICIPANT_PIN, scheduleRoom, waitInRoom, useConferenceNode, type ConferenceCall } from './conference-e2e-fixture.js';

/* The administrator's * menu by phone (manual 4.3.3), with real callers: lock (2) and remove the last who entered (3). */
let t: NodeUnderTest;
useConferenceNode((ready) => (t = ready));

/** Opens the administrator's menu and presses `key`, returning when `feedback` is heard. */
async function menu(admin: ConferenceCall, key: string, feedback: Parameters<ConferenceCall['peer']['waitFor']>[0]): Promise<void> {
  const from = performance.now();
  await admin.peer.press('*');
  await admin.peer.waitFor('conference-admin-menu', from);
  await admin.peer.press(key);
  await admin.peer.waitFor(feedback, from);
}

/** Dials one caller after another, each in the room before the next dials, so the order of entry is known. */
async function enterInOrder(room: Awaited<ReturnType<typeof scheduleRoom>>, entries: { number: string; pin: string; ending: 'stays' | 'hung-up' }[]): Promise<ConferenceCall[]> {
  const calls: ConferenceCall[] = [];
  for (const entry of entries) {
    const [call] = await dial(t, room.dialIn, [entry.number], entry.ending);
    await enterPin(call!, entry.pin);
    calls.push(call!);
    await waitInRoom(t, room, calls.map((c) => c.number));
  }
  return calls;
}

describe('locking the room with * 2', () => {
  it('refuses a new participant with "locked" and a BYE, yet lets an administrator PIN in', async () => {
    const room = await scheduleRoom(t, { options: { quiet: true } });
    await opened(room);
    const inside = await enterInOrder(room, [
      { number: '4001', pin: ADMIN_PIN, ending: 'stays' },
      { number: '4002', pin: PARTICIPANT_PIN, ending: 'stays' },
    ]);
    await menu(inside[0]!, '2', 'conference-locked');
    await expect.poll(async () => (await live(t, room)).locked, { timeout: 10_000 }).toBe(true);

    const [refused] = await dial(t, room.dialIn, ['4003'], 'hung-up');
    await enterPin(refused!, PARTICIPANT_PIN);
    await refused!.peer.waitFor('conference-locked');
    await refused!.peer.waitFor('goodbye');
    const run = await refused!.done;
    expect(run.code, `${run.output}\n${run.errors}`).toBe(0);

    const [admin2] = await dial(t, room.dialIn, ['4004'], 'stays');
    await enterPin(admin2!, ADMIN_PIN);
    const state = await waitInRoom(t, room, ['4001', '4002', '4004']);
    expect(state.participants.find((p) => p.number === '4004')!.role).toBe('admin');
    expect(admin2!.peer.heard('conference-locked')).toBe(false);
    const runs = await hangUpAll([...inside, admin2!]);
    expect(runs.map((r) => r.code), runs.map((r) => `${r.output}\n${r.errors}`).join('\n')).toEqual([0, 0, 0]);
  }, 90_000);
});

describe('removing the last who entered with * 3', () => {
  it('plays "you were removed" to that caller and hangs up on them; the others stay', async () => {
    const room = await scheduleRoom(t, { options: { quiet: true } });
    await opened(room);
    const [admin, first, last] = await enterInOrder(room, [
      { number: '4101', pin: ADMIN_PIN, ending: 'stays' },
      { number: '4102', pin: PARTICIPANT_PIN, ending: 'stays' },
      { number: '4103', pin: PARTICIPANT_PIN, ending: 'hung-up' },
    ]);
    await menu(admin!, '3', 'conference-participant-removed');
    await last!.peer.waitFor('conference-you-were-removed');
    const removed = await last!.done;
    expect(removed.code, `${removed.output}\n${removed.errors}`).toBe(0);
    await waitInRoom(t, room, ['4101', '4102']);
    expect(first!.peer.heard('conference-you-were-removed')).toBe(false);
    const runs = await hangUpAll([admin!, first!]);
    expect(runs.map((r) => r.code), runs.map((r) => `${r.output}\n${r.errors}`).join('\n')).toEqual([0, 0]);
  }, 90_000);
});
