import { createSocket } from 'node:dgram';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { alawEncode } from '../../../media-node/codecs/g711.js';
import { serializeRtp } from '../../../media-node/rtp/packet.js';
import { until } from '../spool/central-fixture.js';
import { piecewiseCorrelation } from './node-fixture.js';

/**
 * Calls whose RTP the test sends itself (sipp plays one stream per call at most): the scenario
 * writes the node's RTP port(s) from the 200 OK into a file in its working directory
 * (`<exec command="echo … [$port] > FILE"/>`), and the test streams to them.
 */
export async function portsWrittenBySipp(dir: string, file: string): Promise<number[]> {
  let ports: number[] = [];
  await until(async () => {
    const text = await readFile(join(dir, file), 'utf8').catch(() => '');
    ports = [...text.matchAll(/\b(\d{2,5})\b/g)].map((m) => Number(m[1]));
    return ports.length > 0;
  }, 10_000, `the node RTP port(s) in sipp's ${file}`);
  return ports;
}

/** Streams each `pcm` as A-law RTP to its port from a socket of its own, 20 ms apart on one steady schedule, for `ms` (default: the audio's length). */
export async function streamAlaw(streams: { port: number; pcm: Int16Array }[], ms?: number): Promise<void> {
  const sockets = streams.map(() => createSocket('udp4'));
  await Promise.all(sockets.map((s) => new Promise<void>((r) => s.bind(0, '127.0.0.1', r))));
  const frames = ms === undefined ? Math.max(...streams.map((s) => Math.floor(s.pcm.length / 160))) : Math.floor(ms / 20);
  const start = performance.now();
  for (let n = 0; n < frames; n++) {
    const wait = start + n * 20 - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    streams.forEach(({ port, pcm }, i) => {
      // A stream shorter than the others (or than `ms`) starts over.
      const at = (n * 160) % (pcm.length - (pcm.length % 160) || 160);
      const payload = alawEncode(pcm.subarray(at, at + 160));
      sockets[i]!.send(serializeRtp({ marker: n === 0, payloadType: 8, sequence: n & 0xffff, timestamp: (n * 160) >>> 0, ssrc: 0x1000 + i, payload }), port, '127.0.0.1');
    });
  }
  for (const s of sockets) s.close();
}

/** Each channel of a stereo recording holds its own side (median correlation > 0.95) and not the other's (< 0.5). */
export function expectSidesInChannels(channels: Int16Array[], sides: [Int16Array, Int16Array]): void {
  expect(channels).toHaveLength(2);
  for (const c of [0, 1] as const) {
    expect(piecewiseCorrelation(channels[c]!, sides[c]).median, `channel ${c}: its own side`).toBeGreaterThan(0.95);
    expect(piecewiseCorrelation(channels[c]!, sides[c === 0 ? 1 : 0]).median, `channel ${c}: the other side`).toBeLessThan(0.5);
  }
}
