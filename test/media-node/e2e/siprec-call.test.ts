import { createSocket } from 'node:dgram';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alawEncode } from '../../../media-node/codecs/g711.js';
import { decodeWav } from '../../../media-node/codecs/wav.js';
import { serializeRtp } from '../../../media-node/rtp/packet.js';
import { sipp } from '../sip/helpers/sipp.js';
import { until } from '../spool/central-fixture.js';
import { piecewiseCorrelation, sippSpeech, startNodeUnderTest, storedAudio, type NodeUnderTest } from './node-fixture.js';

const SCENARIO = '../media-node/e2e/scenarios/siprec-two-streams.xml';

/** The node's two RTP ports, as the scenario writes them from the 200 OK into its working directory. */
async function loggedPorts(dir: string): Promise<[number, number]> {
  let ports: [number, number] | undefined;
  await until(async () => {
    for (const file of await readdir(dir).catch(() => [] as string[])) {
      if (file !== 'node-ports.txt') continue;
      const match = /node rtp ports (\d+) (\d+)/.exec(await readFile(join(dir, file), 'utf8'));
      if (match) ports = [Number(match[1]), Number(match[2])];
    }
    return ports !== undefined;
  }, 10_000, 'the node RTP ports from sipp');
  return ports!;
}

/** Streams A-law RTP from one socket per side, 20 ms apart on a steady schedule, for `ms`. */
async function sendSides(ports: [number, number], sides: [Int16Array, Int16Array], ms: number): Promise<void> {
  const sockets = [createSocket('udp4'), createSocket('udp4')];
  await Promise.all(sockets.map((s) => new Promise<void>((r) => s.bind(0, '127.0.0.1', r))));
  const start = performance.now();
  const frames = Math.floor(ms / 20);
  for (let n = 0; n < frames; n++) {
    const due = start + n * 20;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    for (const side of [0, 1] as const) {
      const pcm = sides[side].subarray((n * 160) % (sides[side].length - 160), ((n * 160) % (sides[side].length - 160)) + 160);
      const packet = serializeRtp({ marker: n === 0, payloadType: 8, sequence: n & 0xffff, timestamp: (n * 160) >>> 0, ssrc: 0x1000 + side, payload: alawEncode(pcm) });
      sockets[side]!.send(packet, ports[side], '127.0.0.1');
    }
  }
  for (const s of sockets) s.close();
}

describe('a SIPREC session from sipp (two labelled streams and metadata)', () => {
  let t: NodeUnderTest;
  let left: Int16Array;
  let right: Int16Array;
  let stored: { channels: Int16Array[]; metadata: Record<string, unknown>; durationMs: number };

  beforeAll(async () => {
    t = await startNodeUnderTest();
    const speech = sippSpeech();
    left = speech.subarray(0, 8000 * 8);
    // The other side says something else: the same speech backwards correlates with neither.
    right = speech.slice(0, 8000 * 8).reverse();
    const run = await sipp({ scenario: SCENARIO, transport: 'udp', remotePort: t.node.sipPort, args: [] });
    const ports = await loggedPorts(run.dir);
    await sendSides(ports, [left, right], 8400);
    const result = await run.done;
    expect(result.code, `${result.output}\n${result.errors}`).toBe(0);
    const [row] = await storedAudio(t.central);
    const wav = decodeWav(new Uint8Array(await readFile(join(t.central.h.dir, 'objects', ...row!.files.wav.key.split('/')))));
    stored = { channels: wav.channels, metadata: row!.metadata as Record<string, unknown>, durationMs: row!.durationMs };
  }, 60_000);
  afterAll(() => t?.close());

  it('is answered and stored as one stereo recording of the whole session', () => {
    expect(stored.channels).toHaveLength(2);
    expect(stored.durationMs).toBeGreaterThan(8000);
    expect(stored.durationMs).toBeLessThan(11_000);
  });

  it('holds each side in its own channel and not in the other', () => {
    const sent = [left.subarray(0, 8000 * 4), right.subarray(0, 8000 * 4)];
    const own = [piecewiseCorrelation(stored.channels[0]!, sent[0]!), piecewiseCorrelation(stored.channels[1]!, sent[1]!)];
    const crossed = [piecewiseCorrelation(stored.channels[0]!, sent[1]!), piecewiseCorrelation(stored.channels[1]!, sent[0]!)];
    expect(own[0]!.median).toBeGreaterThan(0.95);
    expect(own[1]!.median).toBeGreaterThan(0.95);
    expect(crossed[0]!.median).toBeLessThan(0.5);
    expect(crossed[1]!.median).toBeLessThan(0.5);
  });

  it('keeps who was on the call from the metadata, the transfer included, with their channels', () => {
    const people = (stored.metadata.participants as { number: string; name: string; channel: number | null; leftAt: string | null }[]).map((p) => [p.number, p.name, p.channel, p.leftAt]);
    expect(people).toEqual([
      ['2001', 'Ana', 0, '2026-11-26T13:02:00.000Z'],
      ['+551130001000', '', 1, null],
      ['2003', 'Bruno', 0, null],
    ]);
    expect(stored.metadata).toMatchObject({ siprec: true, labels: ['1', '2'] });
  });
});
