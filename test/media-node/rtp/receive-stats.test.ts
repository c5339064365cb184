import { describe, expect, it } from 'vitest';
import { ReceiveStats } from '../../../media-node/rtp/receive-stats.js';

describe('receive statistics', () => {
  it('counts loss from sequence numbers across the 16-bit wrap', () => {
    const st = new ReceiveStats();
    for (const seq of [65533, 65534, 1, 2]) st.onPacket(7, seq, 172);
    expect(st.lost).toBe(2);
    expect(st.packetsIn).toBe(4);
    expect(st.bytesIn).toBe(688);
  });

  it('does not count reordering or duplicates as loss (nor negative loss)', () => {
    const st = new ReceiveStats();
    for (const seq of [10, 12, 11, 13, 13, 13]) st.onPacket(7, seq, 16);
    expect(st.lost).toBe(0);
  });

  it('keeps the loss of a previous SSRC and counts the change', () => {
    const st = new ReceiveStats();
    st.onPacket(1, 100, 172);
    st.onPacket(1, 103, 172);
    expect(st.onPacket(2, 5000, 172)).toBe(true);
    st.onPacket(2, 5002, 172);
    expect(st.lost).toBe(3);
    expect(st.ssrcChanges).toBe(1);
  });

  it('measures interarrival jitter: none for a steady stream, about the spread for a jittery one', () => {
    const steady = new ReceiveStats();
    const jittery = new ReceiveStats();
    for (let i = 0; i < 200; i++) {
      steady.onAudioTiming(i * 160, i * 20);
      jittery.onAudioTiming(i * 160, i * 20 + (i % 2 ? 10 : 0));
    }
    expect(steady.jitterMs).toBeLessThan(0.01);
    expect(jittery.jitterMs).toBeGreaterThan(8);
    expect(jittery.jitterMs).toBeLessThan(11);
  });
});
