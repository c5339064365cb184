import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { sleep } from './helpers/peer.js';
import { local, sessionHarness } from './helpers/session.js';

const h = sessionHarness({ min: 43400, max: 43499 });

/**
 * Streams `count` A-law packets at 20 ms to `port` from ANOTHER process, so they keep arriving
 * while this test blocks its own event loop. Each packet's samples are all 0x55 (A-law for a
 * small value) except that frame i is loud when i is even, so a lost frame shows in the pattern.
 */
function sendFromChild(port: number, count: number): Promise<void> {
  const script = `
    const s = require('node:dgram').createSocket('udp4');
    let i = 0; const start = Date.now();
    const next = () => {
      if (i >= ${count}) return s.close();
      const b = Buffer.alloc(172); b[0] = 0x80; b[1] = 8; b.writeUInt16BE(i, 2); b.writeUInt32BE(i * 160, 4); b.writeUInt32BE(0x4242, 8);
      b.fill(i % 2 === 0 ? 0xaa : 0xd5, 12);
      s.send(b, ${port}, '127.0.0.1'); i++;
      setTimeout(next, Math.max(0, start + i * 20 - Date.now()));
    };
    next();`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`sender exited ${code}`))));
  });
}

/** Blocks this process's event loop, as a burst of work on the node would. */
function stall(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

async function receiveThroughStall(recordOnly: boolean) {
  const peer = await h.peer();
  const s = await h.session({ remote: local(peer.port), recordOnly });
  const frames: Int16Array[] = [];
  s.onAudio((f) => frames.push(f));
  const sending = sendFromChild(s.port, 100);
  await sleep(600);
  stall(700);
  await sending;
  await sleep(400);
  const loud = frames.filter((f) => Math.abs(f[80]!) > 1000).length;
  return { loud, stats: s.stats() };
}

describe('a record-only stream through a stalled event loop', () => {
  it('loses no frame: the backlog plays out after the stall', async () => {
    const { loud, stats } = await receiveThroughStall(true);
    expect(stats.packetsIn).toBe(100);
    expect(stats.dropped).toBe(0);
    expect(loud).toBe(50);
  });

  it('while a live stream drops what its jitter buffer cannot hold (why recordings need the other mode)', async () => {
    const { loud, stats } = await receiveThroughStall(false);
    expect(stats.packetsIn).toBe(100);
    expect(stats.dropped).toBeGreaterThan(0);
    expect(loud).toBeLessThan(50);
  });
});
