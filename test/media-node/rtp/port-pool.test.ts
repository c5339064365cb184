import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { RtpPortPool, RtpPortsExhausted, RtpPortRangeInvalid, type RtpPorts } from '../../../media-node/rtp/port-pool.js';

const MIN = 43400;
const MAX = 43599;
const held: RtpPorts[] = [];
const foreign: Socket[] = [];

afterEach(() => {
  for (const p of held.splice(0)) p.release();
  for (const s of foreign.splice(0)) s.close();
});

async function takeForeign(port: number): Promise<boolean> {
  const s = createSocket('udp4');
  return new Promise((resolve) => {
    s.once('error', () => {
      s.close();
      resolve(false);
    });
    s.bind(port, '127.0.0.1', () => {
      foreign.push(s);
      resolve(true);
    });
  });
}

describe('RTP port pool', () => {
  it('allocates an even RTP port with the odd RTCP port bound beside it', async () => {
    const pool = new RtpPortPool({ host: '127.0.0.1', min: MIN, max: MAX });
    const p = await pool.allocate();
    held.push(p);
    expect(p.port % 2).toBe(0);
    expect(p.rtp.address().port).toBe(p.port);
    expect(p.rtcp.address().port).toBe(p.port + 1);
    expect(pool.inUse).toBe(1);
  });

  it('skips a pair whose RTCP port someone else holds', async () => {
    // Find a pair free now, then occupy its odd port from outside the pool.
    const probe = new RtpPortPool({ host: '127.0.0.1', min: MIN + 100, max: MAX });
    const first = await probe.allocate();
    const port = first.port;
    first.release();
    expect(await takeForeign(port + 1)).toBe(true);
    const pool = new RtpPortPool({ host: '127.0.0.1', min: port, max: port + 3 });
    const p = await pool.allocate().catch((e: unknown) => e);
    if (p instanceof RtpPortsExhausted) return; // the next pair happened to be busy too
    held.push(p as RtpPorts);
    expect((p as RtpPorts).port).toBe(port + 2);
  });

  it('throws RtpPortsExhausted when every pair is taken, and recovers after release', async () => {
    const pool = new RtpPortPool({ host: '127.0.0.1', min: MAX - 9, max: MAX });
    const ranges: RtpPorts[] = [];
    for (;;) {
      const p = await pool.allocate().catch((e: unknown) => e);
      if (p instanceof RtpPortsExhausted) {
        expect(p.code).toBe('RTP_PORTS_EXHAUSTED');
        break;
      }
      ranges.push(p as RtpPorts);
    }
    held.push(...ranges);
    expect(pool.inUse).toBe(ranges.length);
    expect(ranges.length).toBeGreaterThan(0);
    ranges[0]!.release();
    ranges[0]!.release(); // twice is harmless
    expect(pool.inUse).toBe(ranges.length - 1);
    held.push(await pool.allocate());
  });

  it('hands out distinct pairs to concurrent allocations', async () => {
    const pool = new RtpPortPool({ host: '127.0.0.1', min: MIN, max: MIN + 49 });
    const got = await Promise.all(Array.from({ length: 5 }, () => pool.allocate()));
    held.push(...got);
    expect(new Set(got.map((p) => p.port)).size).toBe(5);
  });

  it('refuses a range with no pair in it', () => {
    expect(() => new RtpPortPool({ host: '127.0.0.1', min: 40001, max: 40001 })).toThrow(RtpPortRangeInvalid);
  });
});
