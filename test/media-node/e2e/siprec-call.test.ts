import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWav } from '../../../media-node/codecs/wav.js';
import { sipp } from '../sip/helpers/sipp.js';
import { sippSpeech, startNodeUnderTest, storedAudio, type NodeUnderTest } from './node-fixture.js';
import { expectSidesInChannels, portsWrittenBySipp, streamAlaw } from './rtp-from-test.js';

const SCENARIO = '../media-node/e2e/scenarios/siprec-two-streams.xml';

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
    const [l, r] = await portsWrittenBySipp(run.dir, 'node-ports.txt');
    await streamAlaw([{ port: l!, pcm: left }, { port: r!, pcm: right }], 8400);
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
    expectSidesInChannels(stored.channels, [left.subarray(0, 8000 * 4), right.subarray(0, 8000 * 4)]);
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
