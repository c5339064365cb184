import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { alawDecode } from '../../../media-node/codecs/g711.js';
import type { DtmfEvent } from '../../../media-node/media/call-media.js';
import { parseRtp } from '../../../media-node/rtp/packet.js';
import { readPcapUdp } from './helpers/pcap.js';
import { sleep, type RtpPeer } from './helpers/peer.js';
import { local, sessionHarness } from './helpers/session.js';

const h = sessionHarness({ min: 43200, max: 43399 });
const SIPP = '/usr/share/sip-tester';

/** Sends each captured RTP payload at its captured time offset. */
async function replay(peer: RtpPeer, path: string, port: number): Promise<void> {
  const started = performance.now();
  for (const record of readPcapUdp(path)) {
    const wait = started + record.atMs - performance.now();
    if (wait > 1) await sleep(wait);
    await peer.send(port, record.payload);
  }
}

const DTMF_FILES: [file: string, digit: string][] = [...'0123456789'].map((d) => [`dtmf_2833_${d}.pcap`, d] as [string, string]);
DTMF_FILES.push(['dtmf_2833_star.pcap', '*'], ['dtmf_2833_pound.pcap', '#']);

describe('replay of sipp pcaps', () => {
  it('reads the pcap layers down to RTP', () => {
    const records = readPcapUdp(`${SIPP}/dtmf_2833_1.pcap`);
    expect(records).toHaveLength(10);
    expect(records.every((r) => r.dstPort === 10000 && parseRtp(r.payload).ok)).toBe(true);
    expect(records[9]!.atMs).toBeCloseTo(140, -1);
  });

  it('turns each RFC 2833 telephone-event capture into exactly its digit', async () => {
    const results = await Promise.all(
      DTMF_FILES.map(async ([file]) => {
        const peer = await h.peer();
        const s = await h.session({ remote: local(peer.port), telephoneEventPt: 101 });
        const got: DtmfEvent[] = [];
        s.onDtmf((e) => got.push(e));
        await replay(peer, `${SIPP}/${file}`, s.port);
        await sleep(100);
        return got;
      }),
    );
    results.forEach((got, i) => {
      expect(got.map((e) => e.digit)).toEqual([DTMF_FILES[i]![1]]);
      expect(got[0]!.source).toBe('rfc4733');
    });
  });

  it('plays the A-law speech capture (30 ms packets) back as 7.08 s of the same audio', async () => {
    const records = readPcapUdp(`${SIPP}/g711a.pcap`);
    const expected = alawDecode(Uint8Array.from(records.flatMap((r) => Array.from((parseRtp(r.payload) as { ok: true; packet: { payload: Uint8Array } }).packet.payload))));
    const peer = await h.peer();
    const s = await h.session({ remote: local(peer.port), jitterMs: 100 });
    const frames: Int16Array[] = [];
    s.onAudio((f) => frames.push(f));
    await replay(peer, `${SIPP}/g711a.pcap`, s.port);
    await sleep(200);
    // The jitter buffer's start-up silence is exact zeros; A-law never decodes to 0.
    const first = frames.findIndex((f) => f.some((v) => v !== 0));
    let last = frames.length - 1;
    while (last > first && frames[last]!.every((v) => v === 0)) last--;
    const heard = frames.slice(first, last + 1);
    expect(heard.length * 160).toBe(expected.length);
    const flat = new Int16Array(heard.length * 160);
    heard.forEach((f, i) => flat.set(f, i * 160));
    const same = flat.reduce((n, v, i) => n + (v === expected[i] ? 1 : 0), 0);
    // A packet late under heavy CI load may be concealed; nearly all must match sample for sample.
    expect(same / expected.length).toBeGreaterThan(0.97);
    expect(s.stats()).toMatchObject({ packetsIn: 236, dropped: 0 });
  }, 20_000);
});
