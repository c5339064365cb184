import { createSocket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { MediaClock } from '../../../media-node/rtp/media-clock.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('media clock', () => {
  it('does not drift: over 10 s the tick count equals elapsed / 20 ms within one', async () => {
    const clock = new MediaClock();
    let ticks = 0;
    let first = 0;
    let last = 0;
    const off = clock.register(() => {
      if (ticks === 0) first = performance.now();
      ticks++;
      last = performance.now();
    });
    await sleep(10_000);
    off();
    // Measured from the first tick, so n ticks span n - 1 periods.
    expect(Math.abs(ticks - 1 - (last - first) / 20)).toBeLessThanOrEqual(1);
    expect(ticks).toBeGreaterThanOrEqual(495);
  }, 20_000);

  it('catches up ticks missed while the event loop was blocked', async () => {
    const clock = new MediaClock();
    const seen: number[] = [];
    const off = clock.register((n) => seen.push(n));
    await sleep(30);
    const blockedUntil = performance.now() + 100;
    while (performance.now() < blockedUntil);
    await sleep(30);
    off();
    // Consecutive tick numbers, and about (30 + 100 + 30) / 20 of them despite the block.
    expect(seen).toEqual(seen.map((_, i) => i + 1));
    expect(seen.length).toBeGreaterThanOrEqual(6);
    expect(clock.latenessMs().max).toBeGreaterThan(40);
  });

  it('lets the packets that arrived while it was blocked in before its catch-up ticks', async () => {
    const clock = new MediaClock();
    const receiver = createSocket('udp4');
    const sender = createSocket('udp4');
    await new Promise<void>((resolve) => receiver.bind(0, '127.0.0.1', resolve));
    const order: string[] = [];
    receiver.on('message', () => order.push('packet'));
    const off = clock.register((n) => order.push(`tick ${n}`));
    await sleep(30);
    order.length = 0;
    // Ten packets land in the socket while the loop is stuck for 100 ms (five ticks behind).
    for (let i = 0; i < 10; i++) sender.send(Buffer.alloc(12), receiver.address().port, '127.0.0.1');
    const blockedUntil = performance.now() + 100;
    while (performance.now() < blockedUntil) {
      // busy
    }
    await sleep(60);
    off();
    sender.close();
    receiver.close();
    const firstPacket = order.indexOf('packet');
    const ticksBefore = order.slice(0, firstPacket).filter((e) => e.startsWith('tick')).length;
    // At most the one overdue tick may run before the I/O; the rest of the catch-up follows it.
    expect(firstPacket).toBeGreaterThanOrEqual(0);
    expect(ticksBefore).toBeLessThanOrEqual(1);
    expect(order.filter((e) => e.startsWith('tick')).length).toBeGreaterThanOrEqual(5);
  });

  it('keeps ticking when a listener throws', async () => {
    const clock = new MediaClock();
    let good = 0;
    const offBad = clock.register(() => {
      throw new Error('broken session');
    });
    const offGood = clock.register(() => good++);
    await sleep(110);
    offBad();
    offGood();
    expect(good).toBeGreaterThanOrEqual(3);
  });

  it('stops when the last listener leaves', async () => {
    const clock = new MediaClock();
    const off = clock.register(() => {});
    expect(clock.running).toBe(true);
    off();
    expect(clock.running).toBe(false);
  });
});

describe('media clock phases', () => {
  it('spreads listeners over the period so they do not all fire at the same moment', async () => {
    const clock = new MediaClock({ phases: 4 });
    const fired: { id: number; at: number }[] = [];
    const offs = [0, 1, 2, 3, 4, 5, 6, 7].map((id) => clock.register(() => fired.push({ id, at: performance.now() })));
    await sleep(500);
    for (const off of offs) off();
    // Every listener still ticks once per 20 ms.
    for (let id = 0; id < 8; id++) expect(fired.filter((f) => f.id === id).length).toBeGreaterThanOrEqual(18);
    // In one period all eight fire; spread over four slots, the first and last of a period are
    // about 15 ms apart (all at once they would be under a millisecond). Late timers on a busy
    // machine can squeeze some periods, so the widest one counts.
    let widest = 0;
    for (let at = 0; at + 8 <= fired.length; at += 8) widest = Math.max(widest, fired[at + 7]!.at - fired[at]!.at);
    expect(widest).toBeGreaterThan(10);
  });
});
