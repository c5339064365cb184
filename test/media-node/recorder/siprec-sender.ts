import { createSocket } from 'node:dgram';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { alawEncode } from '../../../media-node/codecs/g711.js';
import { serializeRtp } from '../../../media-node/rtp/packet.js';
import { until } from '../spool/central-fixture.js';

/** The node's two RTP ports, as siprec-two-streams.xml writes them from the 200 OK. */
export async function siprecPorts(dir: string): Promise<[number, number]> {
  let ports: [number, number] | undefined;
  await until(async () => {
    const match = /node rtp ports (\d+) (\d+)/.exec(await readFile(join(dir, 'node-ports.txt'), 'utf8').catch(() => ''));
    if (match) ports = [Number(match[1]), Number(match[2])];
    return ports !== undefined;
  }, 10_000, 'the node RTP ports from sipp');
  return ports!;
}

/** Streams A-law RTP for each side from its own socket, 20 ms apart on a steady schedule, for `ms`. */
export async function sendSides(ports: [number, number], sides: [Int16Array, Int16Array], ms: number): Promise<void> {
  const sockets = [createSocket('udp4'), createSocket('udp4')];
  await Promise.all(sockets.map((s) => new Promise<void>((r) => s.bind(0, '127.0.0.1', r))));
  const start = performance.now();
  for (let n = 0; n < Math.floor(ms / 20); n++) {
    const wait = start + n * 20 - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    for (const side of [0, 1] as const) {
      const at = (n * 160) % (sides[side].length - 160);
      const packet = serializeRtp({ marker: n === 0, payloadType: 8, sequence: n & 0xffff, timestamp: (n * 160) >>> 0, ssrc: 0x1000 + side, payload: alawEncode(sides[side].subarray(at, at + 160)) });
      sockets[side]!.send(packet, ports[side], '127.0.0.1');
    }
  }
  for (const s of sockets) s.close();
}
