import { describe, expect, it } from 'vitest';
import { ConferenceMixer, ConferenceError } from '../../../media-node/conference/conference-mixer.js';
import type { LeaveReason } from '../../../media-node/conference/conference-events.js';
import { MediaClock } from '../../../media-node/rtp/media-clock.js';
import { concat, FakeMedia, room, settle, sine, type Joined } from './fake-member.js';

describe('conference mixer: members', () => {
  it('mixes a member who joins mid-conference from the next tick, both ways', async () => {
    const r = room();
    const [a, b] = [r.join('a'), r.join('b')] as [Joined, Joined];
    const voices = { a: sine(300, 5000, 20), b: sine(500, 5000, 20), c: sine(700, 5000, 20) };
    for (let t = 0; t < 10; t++) await r.step([a, b], voices, t);
    const c = r.join('c');
    for (let t = 10; t < 20; t++) await r.step([a, b, c], voices, t);
    expect(c.media.sent).toHaveLength(10);
    expect(concat(c.media.sent)).toEqual(concat(voices.a.slice(10).map((f, i) => f.map((v, k) => v + voices.b[10 + i]![k]!))));
    expect(concat(a.media.sent.slice(10))).toEqual(concat(voices.b.slice(10).map((f, i) => f.map((v, k) => v + voices.c[10 + i]![k]!))));
    expect(r.mixer.count).toBe(3);
    expect(r.mixer.members().map((m) => m.id)).toEqual(['a', 'b', 'c']);
  });

  it("resolves 'left' when the member's call aborts, and the others stop hearing it", async () => {
    const r = room();
    const left: Array<{ id: string; reason: LeaveReason }> = [];
    r.mixer.on('left', (e) => left.push(e));
    const [a, b] = [r.join('a'), r.join('b')] as [Joined, Joined];
    a.controller.abort();
    await expect(a.outcome).resolves.toBe('left');
    expect(left).toEqual([{ id: 'a', reason: 'left' }]);
    expect(a.media.listening).toBe(0);
    await r.step([a, b], { a: sine(300, 5000, 1) }, 0);
    expect(a.media.sent).toHaveLength(0);
    expect(concat(b.media.sent).every((v) => v === 0)).toBe(true);
    expect(r.mixer.count).toBe(1);
  });

  it("resolves 'removed' for a removed member and leaves the others in", async () => {
    const r = room();
    const [a, b] = [r.join('a'), r.join('b')] as [Joined, Joined];
    expect(r.mixer.remove('a')).toBe(true);
    await expect(a.outcome).resolves.toBe('removed');
    expect(r.mixer.remove('a')).toBe(false);
    expect(r.mixer.members().map((m) => m.id)).toEqual([b.id]);
  });

  it("resolves 'ended' for everyone on end, stops ticking, and admits no one after", async () => {
    const r = room();
    let ended = 0;
    r.mixer.on('ended', () => ended++);
    const members = [r.join('a'), r.join('b'), r.join('c')];
    r.mixer.end();
    r.mixer.end();
    await expect(Promise.all(members.map((m) => m.outcome))).resolves.toEqual(['ended', 'ended', 'ended']);
    expect(ended).toBe(1);
    expect(r.ticks.registered).toBe(0);
    await expect(r.join('d').outcome).resolves.toBe('ended');
    await expect(r.mixer.playToAll(sine(400, 1000, 2))).resolves.toBe('stopped');
  });

  it('refuses a second member with the same id', async () => {
    const r = room();
    r.join('a');
    await expect(r.join('a').outcome).rejects.toBeInstanceOf(ConferenceError);
  });

  it("resolves 'left' at once for a signal already aborted", async () => {
    const r = room();
    await expect(r.mixer.join({ id: 'a', media: new FakeMedia() }, AbortSignal.abort())).resolves.toBe('left');
    expect(r.mixer.count).toBe(0);
  });

  it('keeps the lock as a flag for the app', () => {
    const r = room();
    r.mixer.lock();
    expect(r.mixer.locked).toBe(true);
    r.mixer.unlock();
    expect(r.mixer.locked).toBe(false);
  });
});

describe('conference mixer: a member that falls behind', () => {
  it('drops that member’s frames instead of queueing them, and the room keeps time on the MediaClock', async () => {
    const clock = new MediaClock();
    const mixer = new ConferenceMixer({ clock, maxQueuedFrames: 3 });
    const stuck = new FakeMedia(true);
    const others = [new FakeMedia(), new FakeMedia()];
    const controller = new AbortController();
    void mixer.join({ id: 'stuck', media: stuck }, controller.signal);
    others.forEach((media, i) => void mixer.join({ id: `m${i}`, media }, controller.signal));
    const tone = sine(400, 8000, 1)[0]!;
    const feeding = setInterval(() => [stuck, ...others].forEach((m) => m.speak(tone)), 20);
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 600));
    clearInterval(feeding);
    const elapsed = performance.now() - started;
    const ticks = mixer.ticks;
    mixer.end();
    await settle();
    expect(stuck.sendCalls).toBe(3);
    expect(mixer.stats().members).toBe(0);
    // Every tick due in the window ran, and every other member got a frame on each.
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(elapsed / 20) - 2);
    for (const m of others) expect(m.sent.length).toBe(ticks);
    expect(clock.running).toBe(false);
  });
});
