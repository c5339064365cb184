import { describe, expect, it } from 'vitest';
import { JitterBuffer } from '../../../media-node/rtp/jitter-buffer.js';

const pkt = (sequence: number, timestamp: number, ssrc = 1) => ({ sequence: sequence & 0xffff, timestamp: timestamp >>> 0, ssrc, samples: new Int16Array(160).fill(sequence & 0xff) });
/** What each tick played: the payload's first byte, or null for silence. */
const play = (jb: JitterBuffer, ticks: number) => Array.from({ length: ticks }, () => {
  const p = jb.pop();
  return p === undefined ? undefined : p === null ? null : p[0]!;
});

describe('jitter buffer', () => {
  it('plays nothing until a stream arrives, then waits the initial delay', () => {
    const jb = new JitterBuffer({ delayFrames: 2 });
    expect(jb.pop()).toBeUndefined();
    jb.push(pkt(10, 1600));
    expect(play(jb, 3)).toEqual([null, null, 10]);
  });

  it('puts reordered packets back in sequence order', () => {
    const jb = new JitterBuffer({ delayFrames: 0 });
    for (const s of [1, 3, 2, 5, 4]) jb.push(pkt(s, s * 160));
    expect(play(jb, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(jb.stats.lost).toBe(0);
  });

  it('conceals a lost packet by repeating the last frame once, then silence, and counts it', () => {
    const jb = new JitterBuffer({ delayFrames: 0 });
    for (const s of [1, 2, 5]) jb.push(pkt(s, s * 160));
    expect(play(jb, 5)).toEqual([1, 2, 2, null, 5]);
    expect(jb.stats.lost).toBe(2);
  });

  it('keeps order across the 16-bit sequence and 32-bit timestamp wrap', () => {
    const jb = new JitterBuffer({ delayFrames: 0 });
    const start = 0xfffe;
    const ts0 = 0x100000000 - 320;
    const order = [0, 2, 1, 3, 4];
    for (const i of order) jb.push(pkt(start + i, ts0 + i * 160));
    expect(play(jb, 5)).toEqual([0xfe, 0xff, 0x00, 0x01, 0x02]);
    expect(jb.stats).toMatchObject({ lost: 0, late: 0, resyncs: 0 });
  });

  it('drops a packet that arrives after its turn and counts it late', () => {
    const jb = new JitterBuffer({ delayFrames: 0 });
    jb.push(pkt(1, 160));
    jb.push(pkt(3, 480));
    play(jb, 2);
    expect(jb.push(pkt(2, 320))).toBe('late');
    expect(jb.stats.late).toBe(1);
  });

  it('counts a duplicate once', () => {
    const jb = new JitterBuffer({ delayFrames: 1 });
    jb.push(pkt(1, 160));
    jb.push(pkt(2, 320));
    expect(jb.push(pkt(2, 320))).toBe('duplicate');
    expect(play(jb, 3)).toEqual([null, 1, 2]);
  });

  it('restarts on a new SSRC with the new stream after the delay', () => {
    const jb = new JitterBuffer({ delayFrames: 1 });
    jb.push(pkt(1, 160));
    jb.push(pkt(2, 320));
    play(jb, 2);
    expect(jb.push(pkt(900, 777777, 2))).toBe('resync');
    jb.push(pkt(901, 777777 + 160, 2));
    expect(play(jb, 3)).toEqual([null, 900 & 0xff, 901 & 0xff]);
    expect(jb.stats.resyncs).toBe(1);
  });

  it('follows a timestamp jump once the next packet confirms it', () => {
    const jb = new JitterBuffer({ delayFrames: 0 });
    jb.push(pkt(1, 160));
    play(jb, 1);
    expect(jb.push(pkt(2, 5_000_000))).toBe('probation');
    expect(jb.push(pkt(3, 5_000_160))).toBe('resync');
    expect(play(jb, 2)).toEqual([2, 3]);
  });

  it('ignores a single stray packet with a wild sequence number', () => {
    const jb = new JitterBuffer({ delayFrames: 0 });
    jb.push(pkt(1, 160));
    expect(jb.push(pkt(30000, 320))).toBe('probation');
    jb.push(pkt(2, 320));
    expect(play(jb, 2)).toEqual([1, 2]);
    expect(jb.stats.resyncs).toBe(0);
  });

  it('rebases when the sender resumes after a pause instead of dropping its packets as late', () => {
    const jb = new JitterBuffer({ delayFrames: 0 });
    jb.push(pkt(1, 160));
    play(jb, 10);
    expect(jb.push(pkt(2, 480))).toBe('resync');
    expect(play(jb, 1)).toEqual([2]);
    expect(jb.stats.late).toBe(0);
  });

  it('re-frames 30 ms packets into 20 ms frames without gaps', () => {
    const jb = new JitterBuffer({ delayFrames: 0 });
    for (let i = 0; i < 2; i++) jb.push({ sequence: i, timestamp: i * 240, ssrc: 1, samples: Int16Array.from({ length: 240 }, (_, k) => i * 240 + k) });
    const out = [jb.pop(), jb.pop(), jb.pop()] as Int16Array[];
    expect(out.map((f) => [f[0], f[159]])).toEqual([[0, 159], [160, 319], [320, 479]]);
    expect(jb.stats.lost).toBe(0);
  });

  it('bounds latency when the sender outruns the clock', () => {
    const jb = new JitterBuffer({ delayFrames: 2, maxFrames: 5 });
    for (let s = 1; s <= 9; s++) jb.push(pkt(s, s * 160));
    expect(jb.depth).toBe(5);
    expect(jb.stats.dropped).toBe(4);
    expect(play(jb, 3)).toEqual([null, null, 5]);
  });
});
