import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWav } from '../../../media-node/codecs/wav.js';
import { sipp } from '../sip/helpers/sipp.js';
import { until } from '../spool/central-fixture.js';
import { sippSpeech, startNodeUnderTest, storedAudio, type NodeUnderTest } from './node-fixture.js';
import { expectSidesInChannels, portsWrittenBySipp, streamAlaw } from './rtp-from-test.js';

const PCAP_LEG = '../media-node/e2e/scenarios/recorder-joined-leg.xml';
const RTP_LEG = '../media-node/e2e/scenarios/recorder-joined-rtp.xml';

describe('two plain recording legs joined by X-Ramal-Recording-Id', () => {
  let t: NodeUnderTest;
  let speech: Int16Array;
  let other: Int16Array;
  let stored: { channels: Int16Array[]; metadata: Record<string, unknown>; durationMs: number };
  let items: number;
  let elapsedMs: number;

  beforeAll(async () => {
    t = await startNodeUnderTest();
    speech = sippSpeech();
    // The other direction says something else: the speech backwards correlates with neither.
    other = speech.slice(0, 8000 * 7).reverse();
    const joined = ['-s', 'rec', '-key', 'join', 'pbx-call-77'];
    const began = performance.now();
    const first = await sipp({ scenario: PCAP_LEG, transport: 'udp', remotePort: t.node.sipPort, args: [...joined, '-key', 'caller', '2001', '-key', 'callee', '+551130001000'] });
    // The first leg to arrive is the left channel: let it be answered before the second is sent.
    await until(async () => t.node.calls.count === 1, 10_000, 'the first leg answered');
    const second = await sipp({ scenario: RTP_LEG, transport: 'udp', remotePort: t.node.sipPort, args: [...joined, '-key', 'caller', '+551130001000', '-key', 'callee', '2001'] });
    const [port] = await portsWrittenBySipp(second.dir, 'node-port.txt');
    await streamAlaw([{ port: port!, pcm: other }]);
    for (const run of [await first.done, await second.done]) expect(run.code, `${run.output}\n${run.errors}`).toBe(0);
    elapsedMs = performance.now() - began;
    const rows = await storedAudio(t.central);
    await until(async () => t.node.calls.count === 0, 10_000, 'both legs finished');
    items = (await storedAudio(t.central)).length;
    const wav = decodeWav(new Uint8Array(await readFile(join(t.central.h.dir, 'objects', ...rows[0]!.files.wav.key.split('/')))));
    stored = { channels: wav.channels, metadata: rows[0]!.metadata as Record<string, unknown>, durationMs: rows[0]!.durationMs };
  }, 60_000);
  afterAll(() => t?.close());

  it('are stored as one stereo recording spanning both legs', () => {
    expect(items).toBe(1);
    expect(stored.channels).toHaveLength(2);
    // From the first leg's answer to the second leg's BYE: 9 s of the second leg and the gap before it.
    expect(stored.durationMs).toBeGreaterThan(9000);
    expect(stored.durationMs).toBeLessThan(elapsedMs);
  });

  it('hold the first leg in the left channel and the second in the right, not crossed', () => {
    expectSidesInChannels(stored.channels, [speech.subarray(0, 8000 * 4), other.subarray(0, 8000 * 4)]);
  });

  it('carry the join value and each leg\'s From as a participant on its channel', () => {
    const people = (stored.metadata.participants as { number: string; channel: number | null }[]).map((p) => [p.number, p.channel]);
    expect(people).toEqual([['2001', 0], ['+551130001000', 1]]);
    expect(stored.metadata).toMatchObject({ joinId: 'pbx-call-77' });
  });

  it('leave nothing in the spool', async () => {
    expect(await readdir(join(t.spoolDir, 'incoming'))).toEqual([]);
    await until(async () => (await readdir(join(t.spoolDir, 'audio'))).length === 0, 10_000, 'the spool emptied');
  });
});
