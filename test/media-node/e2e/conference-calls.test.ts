import { beforeAll, describe, expect, it } from 'vitest';
import type { NodeUnderTest } from './node-fixture.js';
import {
  ADMIN_PIN, dial, enterPin, hangUpAll, historyOf, live, noise, opened, PARTICIPANT_PIN, presence, recordingOf, scheduleRoom, waitInRoom, useConferenceNode, type ConferenceCall,
} from './conference-e2e-fixture.js';

/*
 * Real callers (sipp for SIP, a UDP peer per call for RTP) against the media node and the central
 * app, all on loopback. Each caller sends its own white noise; what a caller hears is scored with
 * presence() (fixture). Measured on this machine: a voice among two others scores 0.70–0.72 for
 * each listener, its own voice 0.07; in the recorded mix of three, 0.57–0.58; a muted or
 * listen-only voice 0.00–0.08. Thresholds sit between with a wide margin: heard > 0.5
 * (> 0.45 in the recording), not heard < 0.2.
 */
const HEARD = 0.5;
const NOT_HEARD = 0.2;

let t: NodeUnderTest;
useConferenceNode((ready) => (t = ready));

const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

/** Every caller plays its signal at once; returns when all are sent and the last frames heard. */
async function speakAll(calls: ConferenceCall[], signals: Int16Array[]): Promise<number> {
  const from = performance.now();
  await Promise.all(calls.map((c, i) => c.peer.play(signals[i]!)));
  await settle();
  return from;
}

describe('three callers in a recorded room', () => {
  const signals = [noise(3000, 1), noise(3000, 2), noise(3000, 3)];
  let calls: ConferenceCall[];
  let room: Awaited<ReturnType<typeof scheduleRoom>>;
  let from: number;
  let enteredAt: number;

  beforeAll(async () => {
    room = await scheduleRoom(t, { options: { quiet: true, record: true } });
    await opened(room);
    enteredAt = Date.now();
    calls = await dial(t, room.dialIn, ['3001', '3002', '3003'], 'stays');
    await Promise.all(calls.map((c, i) => enterPin(c, i === 0 ? ADMIN_PIN : PARTICIPANT_PIN)));
    await waitInRoom(t, room, ['3001', '3002', '3003']);
    from = await speakAll(calls, signals);
  }, 60_000);

  it.each([0, 1, 2])('caller %i hears the other two and not itself', (i) => {
    const got = calls[i]!.peer.audio(from);
    signals.forEach((signal, j) => {
      if (i === j) expect(presence(got, signal), `own signal of caller ${i}`).toBeLessThan(NOT_HEARD);
      else expect(presence(got, signal), `signal of caller ${j}`).toBeGreaterThan(HEARD);
    });
  });

  it('all three hang up cleanly (BYE from each caller, 200 from the node)', async () => {
    const runs = await hangUpAll(calls);
    expect(runs.map((r) => r.code), runs.map((r) => `${r.output}\n${r.errors}`).join('\n')).toEqual([0]);
  }, 30_000);

  it("has a history entry with every participant's join and leave time (GET /history/{id})", async () => {
    const entry = await historyOf(t, room);
    expect(entry.participants).toBe(3);
    expect(entry.participantList.map((p) => p.callerNumber).sort()).toEqual(['3001', '3002', '3003']);
    expect(entry.participantList.find((p) => p.callerNumber === '3001')!.role).toBe('admin');
    for (const p of entry.participantList) {
      expect(Date.parse(p.joinedAt)).toBeGreaterThanOrEqual(enteredAt);
      expect(Date.parse(p.leftAt!)).toBeGreaterThan(Date.parse(p.joinedAt));
      expect(Date.parse(p.leftAt!)).toBeLessThanOrEqual(Date.parse(entry.endedAt!));
    }
  }, 40_000);

  it('has a recording (GET /history/{id}/audio?format=wav) holding every caller', async () => {
    const entry = await historyOf(t, room, true);
    const recorded = await recordingOf(t, entry.id);
    for (const signal of signals) expect(presence(recorded, signal)).toBeGreaterThan(0.45);
  }, 40_000);
});

describe('a listen-only room', () => {
  it('hears the administrator, and nobody hears its participants', async () => {
    const room = await scheduleRoom(t, { options: { quiet: true, listenOnly: true } });
    await opened(room);
    const calls = await dial(t, room.dialIn, ['3101', '3102', '3103'], 'stays');
    await Promise.all(calls.map((c, i) => enterPin(c, i === 0 ? ADMIN_PIN : PARTICIPANT_PIN)));
    const state = await waitInRoom(t, room, ['3101', '3102', '3103']);
    expect(state.participants.filter((p) => p.listenOnly).map((p) => p.number).sort()).toEqual(['3102', '3103']);
    const signals = [noise(2000, 11), noise(2000, 12), noise(2000, 13)];
    const from = await speakAll(calls, signals);
    const [admin, first, second] = calls.map((c) => c.peer.audio(from));
    expect(presence(admin!, signals[1]!)).toBeLessThan(NOT_HEARD);
    expect(presence(admin!, signals[2]!)).toBeLessThan(NOT_HEARD);
    expect(presence(first!, signals[0]!)).toBeGreaterThan(HEARD);
    expect(presence(first!, signals[2]!)).toBeLessThan(NOT_HEARD);
    expect(presence(second!, signals[0]!)).toBeGreaterThan(HEARD);
    expect(presence(second!, signals[1]!)).toBeLessThan(NOT_HEARD);
    expect((await hangUpAll(calls)).map((r) => r.code)).toEqual([0]);
  }, 60_000);
});

describe('a room muting on entry', () => {
  it('keeps a participant unheard until the administrator unmutes with * 1', async () => {
    const room = await scheduleRoom(t, { options: { quiet: true, muteOnEntry: true } });
    await opened(room);
    const [admin, participant] = await dial(t, room.dialIn, ['3201', '3202'], 'stays');
    await Promise.all([enterPin(admin!, ADMIN_PIN), enterPin(participant!, PARTICIPANT_PIN)]);
    const state = await waitInRoom(t, room, ['3201', '3202']);
    expect(state.participants.find((p) => p.number === '3202')!.muted).toBe(true);

    const muted = noise(2000, 21);
    let from = performance.now();
    await participant!.peer.play(muted);
    await settle();
    expect(presence(admin!.peer.audio(from), muted)).toBeLessThan(NOT_HEARD);

    const menu = performance.now();
    await admin!.peer.press('*');
    await admin!.peer.waitFor('conference-admin-menu', menu);
    await admin!.peer.press('1');
    await admin!.peer.waitFor('conference-all-unmuted', menu);
    await expect.poll(async () => (await live(t, room)).participants.find((p) => p.number === '3202')?.muted, { timeout: 10_000 }).toBe(false);
    const unmuted = noise(2000, 22);
    from = performance.now();
    await participant!.peer.play(unmuted);
    await settle();
    expect(presence(admin!.peer.audio(from), unmuted)).toBeGreaterThan(HEARD);
    expect((await hangUpAll([admin!, participant!])).map((r) => r.code)).toEqual([0]);
  }, 60_000);
});

describe('a wrong PIN', () => {
  it('three times: too many attempts, goodbye, and the node hangs up', async () => {
    const room = await scheduleRoom(t, { options: { quiet: true } });
    await opened(room);
    const [call] = await dial(t, room.dialIn, ['3301'], 'hung-up');
    let since = 0;
    for (const pin of ['1111', '2222', '3333']) {
      await call!.peer.waitFor('conference-enter-pin', since);
      const pressed = performance.now();
      await call!.peer.press(`${pin}#`);
      if (pin === '3333') break;
      await call!.peer.waitFor('invalid-pin', pressed);
      // The next "enter your PIN" follows the 300 ms "invalid PIN" heard so far.
      since = performance.now();
    }
    await call!.peer.waitFor('too-many-attempts');
    await call!.peer.waitFor('goodbye');
    const run = await call!.done;
    expect(run.code, `${run.output}\n${run.errors}`).toBe(0);
    expect((await waitInRoom(t, room, [])).participants).toEqual([]);
  }, 60_000);
});
