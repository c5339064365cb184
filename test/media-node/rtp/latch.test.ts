import { describe, expect, it } from 'vitest';
import { SourceLatch } from '../../../media-node/rtp/latch.js';

describe('symmetric RTP latch', () => {
  it('targets the SDP address until a packet arrives, then its source', () => {
    const latch = new SourceLatch({ address: '10.0.0.1', port: 4000 });
    expect(latch.target).toEqual({ address: '10.0.0.1', port: 4000 });
    expect(latch.accept('192.0.2.9', 31000, 1)).toBe(true);
    expect(latch.target).toEqual({ address: '192.0.2.9', port: 31000 });
  });

  it('refuses a second source until it sent five packets in a row with one SSRC', () => {
    const latch = new SourceLatch({ address: '10.0.0.1', port: 4000 });
    latch.accept('192.0.2.9', 31000, 1);
    const results = [1, 2, 3, 4, 5].map(() => latch.accept('198.51.100.7', 5004, 2));
    expect(results).toEqual([false, false, false, false, true]);
    expect(latch.target.address).toBe('198.51.100.7');
  });

  it('restarts the count when the stranger changes SSRC or the real source speaks', () => {
    const latch = new SourceLatch({ address: '10.0.0.1', port: 4000 });
    latch.accept('192.0.2.9', 31000, 1);
    for (let i = 0; i < 4; i++) latch.accept('198.51.100.7', 5004, 100 + i);
    for (let i = 0; i < 4; i++) latch.accept('198.51.100.7', 5004, 2);
    latch.accept('192.0.2.9', 31000, 1);
    expect(latch.accept('198.51.100.7', 5004, 2)).toBe(false);
    expect(latch.target.address).toBe('192.0.2.9');
  });

  it('forgets the latched source when the SDP gives a new address', () => {
    const latch = new SourceLatch({ address: '10.0.0.1', port: 4000 });
    latch.accept('192.0.2.9', 31000, 1);
    latch.reset({ address: '10.0.0.2', port: 6000 });
    expect(latch.target).toEqual({ address: '10.0.0.2', port: 6000 });
    expect(latch.isLatched).toBe(false);
  });
});
