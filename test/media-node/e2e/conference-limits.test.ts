import { describe, expect, it } from 'vitest';
import type { NodeUnderTest } from './node-fixture.js';
import { dial, enterPin, hangUpAll, live, noise, opened, presence, PARTICIPANT_PIN, scheduleRoom, waitInRoom, useConferenceNode } from './conference-e2e-fixture.js';

/* Who may not enter, with real callers: outside the room's window, past its size, and a full room of 50. */
let t: NodeUnderTest;
useConferenceNode((ready) => (t = ready));

const numbers = (first: number, count: number) => Array.from({ length: count }, (_, i) => String(first + i));

describe("the room's time window", () => {
  it('refuses a caller before the start as closed, without asking for a PIN', async () => {
    const room = await scheduleRoom(t, { startsInMs: 3_600_000 });
    const [call] = await dial(t, room.dialIn, ['5001'], 'hung-up');
    await call!.peer.waitFor('conference-closed');
    await call!.peer.waitFor('goodbye');
    const run = await call!.done;
    expect(run.code, `${run.output}\n${run.errors}`).toBe(0);
    expect(call!.peer.heard('conference-enter-pin')).toBe(false);
  }, 60_000);

  it('ends the calls of those inside when the window ends, then refuses newcomers as closed', async () => {
    // Long enough for two callers to get in on a loaded machine; the test then waits for the end.
    const room = await scheduleRoom(t, { options: { quiet: true }, lastsMs: 10_000 });
    await opened(room);
    const calls = await dial(t, room.dialIn, ['5011', '5012'], 'hung-up');
    await Promise.all(calls.map((c) => enterPin(c, PARTICIPANT_PIN)));
    await waitInRoom(t, room, ['5011', '5012']);
    const run = await calls[0]!.done;
    const endedAt = Date.now();
    expect(run.code, `${run.output}\n${run.errors}`).toBe(0);
    expect(endedAt).toBeGreaterThanOrEqual(Date.parse(room.endsAt));
    for (const c of calls) expect(c.peer.heard('conference-ended')).toBe(true);

    const [late] = await dial(t, room.dialIn, ['5013'], 'hung-up');
    await late!.peer.waitFor('conference-closed');
    expect((await late!.done).code).toBe(0);
  }, 60_000);
});

describe('a room for at most three', () => {
  it('refuses the fourth caller as full and keeps the three', async () => {
    const room = await scheduleRoom(t, { options: { quiet: true }, maxParticipants: 3 });
    await opened(room);
    const inside = await dial(t, room.dialIn, numbers(5101, 3), 'stays');
    await Promise.all(inside.map((c) => enterPin(c, PARTICIPANT_PIN)));
    await waitInRoom(t, room, numbers(5101, 3));
    const [fourth] = await dial(t, room.dialIn, ['5104'], 'hung-up');
    await enterPin(fourth!, PARTICIPANT_PIN);
    await fourth!.peer.waitFor('conference-full');
    const refused = await fourth!.done;
    expect(refused.code, `${refused.output}\n${refused.errors}`).toBe(0);
    expect((await live(t, room)).participants.map((p) => p.number).sort()).toEqual(numbers(5101, 3));
    const runs = await hangUpAll(inside);
    expect(runs.map((r) => r.code), runs.map((r) => `${r.output}\n${r.errors}`).join('\n')).toEqual([0]);
  }, 60_000);
});

describe('fifty callers at once', () => {
  it('admits all fifty, mixes one talker to the other 49, refuses the fifty-first as full', async () => {
    const room = await scheduleRoom(t, { options: { quiet: true, noFirstMessage: true } });
    await opened(room);
    const started = Date.now();
    // Digits only from 49 peers (the point is fifty members in the node's mixer, not our sending); one talks.
    const listeners = await dial(t, room.dialIn, numbers(5200, 49), 'stays', { stream: false });
    const [talker] = await dial(t, room.dialIn, ['5249'], 'stays');
    await Promise.all([...listeners, talker!].map((c) => enterPin(c, PARTICIPANT_PIN)));
    await waitInRoom(t, room, numbers(5200, 50), 45_000);
    const admittedMs = Date.now() - started;

    const speech = noise(2000, 49);
    const from = performance.now();
    await talker!.peer.play(speech);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const scores = listeners.map((c) => presence(c.peer.audio(from), speech));
    expect(Math.min(...scores)).toBeGreaterThan(0.5);

    const [extra] = await dial(t, room.dialIn, ['5250'], 'hung-up');
    await enterPin(extra!, PARTICIPANT_PIN);
    await extra!.peer.waitFor('conference-full');
    expect((await extra!.done).code).toBe(0);
    const runs = await hangUpAll([...listeners, talker!]);
    expect(runs.map((r) => r.code), runs.map((r) => `${r.output}\n${r.errors}`).join('\n')).toEqual([0, 0]);
    console.info(`fifty callers admitted in ${admittedMs} ms; the talker heard by 49 with presence ${Math.min(...scores).toFixed(2)}–${Math.max(...scores).toFixed(2)}`);
  }, 90_000);
});
