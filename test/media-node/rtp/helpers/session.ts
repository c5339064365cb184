import { afterEach } from 'vitest';
import { silentLogger } from '../../../../media-node/log.js';
import { MediaClock } from '../../../../media-node/rtp/media-clock.js';
import { RtpPortPool } from '../../../../media-node/rtp/port-pool.js';
import { RtpSession, type RtpSessionOptions } from '../../../../media-node/rtp/rtp-session.js';
import { RtpPeer } from './peer.js';

/** Sessions and peers a test opened, closed after it whatever happened. */
export function sessionHarness(range: { min: number; max: number }) {
  const pool = new RtpPortPool({ host: '127.0.0.1', ...range });
  const clock = new MediaClock();
  const sessions: RtpSession[] = [];
  const peers: RtpPeer[] = [];
  afterEach(() => {
    for (const s of sessions.splice(0)) s.close();
    for (const p of peers.splice(0)) p.close();
  });
  return {
    pool,
    clock,
    async peer(): Promise<RtpPeer> {
      const p = await RtpPeer.open();
      peers.push(p);
      return p;
    },
    async session(options: Partial<Omit<RtpSessionOptions, 'ports' | 'clock' | 'log'>> & { remote: RtpSessionOptions['remote'] }, { start = true } = {}): Promise<RtpSession> {
      const s = new RtpSession({ ports: await pool.allocate(), clock, codec: 'PCMA', payloadType: 8, log: silentLogger, ...options });
      sessions.push(s);
      if (start) s.start();
      return s;
    },
  };
}

export const local = (port: number) => ({ address: '127.0.0.1', port });
