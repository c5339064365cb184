import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from './free-port.js';
import { UdpPeer } from './udp-peer.js';

const peers: UdpPeer[] = [];
const open = async () => {
  const peer = await UdpPeer.open();
  peers.push(peer);
  return peer;
};
afterEach(() => {
  for (const p of peers.splice(0)) p.close();
});

describe('UdpPeer', () => {
  it('keeps each datagram with its bytes and the sender port', async () => {
    const [a, b] = [await open(), await open()];
    await a.send(b.port, 'hello');
    await a.send(b.port, new Uint8Array([1, 2, 3]));
    expect(await b.until(() => b.datagrams.length === 2, 2000)).toBe(true);
    expect(b.datagrams.map((d) => [d.data.toString('latin1'), d.from.port])).toEqual([['hello', a.port], ['\x01\x02\x03', a.port]]);
  });

  it('until answers false when nothing arrives in time', async () => {
    const peer = await open();
    const started = performance.now();
    expect(await peer.until(() => peer.datagrams.length > 0, 100)).toBe(false);
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
  });
});

describe('freePort', () => {
  it('gives a port a TCP server can listen on', async () => {
    const port = await freePort();
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });
});
