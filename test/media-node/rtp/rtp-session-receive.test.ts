import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES } from '../../../media-node/audio/pcm.js';
import { alawEncode } from '../../../media-node/codecs/g711.js';
import { serializeRtp } from '../../../media-node/rtp/packet.js';
import { sleep, type RtpPeer } from './helpers/peer.js';
import { local, sessionHarness } from './helpers/session.js';

const h = sessionHarness({ min: 43100, max: 43199 });
const frame = (value: number) => alawEncode(new Int16Array(FRAME_SAMPLES).fill(value));

interface StreamOptions {
  ssrc?: number;
  seq?: number;
  ts?: number;
  value?: number;
  pt?: number;
}

/** Streams `count` A-law packets at 20 ms from a peer, like a phone would. */
async function stream(peer: RtpPeer, to: number, count: number, o: StreamOptions = {}) {
  for (let i = 0; i < count; i++) {
    const packet = { marker: i === 0, payloadType: o.pt ?? 8, sequence: ((o.seq ?? 100) + i) & 0xffff, timestamp: ((o.ts ?? 8000) + i * 160) >>> 0, ssrc: o.ssrc ?? 0x1234, payload: frame(o.value ?? 1000) };
    await peer.send(to, serializeRtp(packet));
    await sleep(20);
  }
}

const near = (f: Int16Array, v: number) => Math.abs(f[80]! - v) < v / 20;

describe('RTP session receiving', () => {
  it('decodes received audio into 20 ms frames, in order', async () => {
    const peer = await h.peer();
    const s = await h.session({ remote: local(peer.port), jitterMs: 200 });
    const heard: Int16Array[] = [];
    s.onAudio((f) => heard.push(f));
    await stream(peer, s.port, 10, { value: 2000 });
    await sleep(300);
    expect(heard.filter((f) => near(f, 2000))).toHaveLength(10);
    expect(heard.every((f) => f.length === FRAME_SAMPLES)).toBe(true);
    expect(s.stats()).toMatchObject({ packetsIn: 10, lost: 0, dropped: 0, bytesIn: 10 * 172 });
  });

  it('keeps what arrives between listen() and start() and plays it out first', async () => {
    const peer = await h.peer();
    const s = await h.session({ remote: local(peer.port), jitterMs: 40 }, { start: false });
    s.listen();
    await stream(peer, s.port, 5, { value: 3000 });
    const heard: Int16Array[] = [];
    s.onAudio((f) => heard.push(f));
    s.start();
    await sleep(300);
    expect(heard.filter((f) => near(f, 3000))).toHaveLength(5);
  });

  it('sends to the SDP address first, then to where the packets come from', async () => {
    const signalled = await h.peer();
    const actual = await h.peer();
    const s = await h.session({ remote: local(signalled.port) });
    void s.send(Array.from({ length: 40 }, () => new Int16Array(FRAME_SAMPLES)));
    await signalled.waitFor(2);
    await stream(actual, s.port, 3);
    await actual.waitFor(3);
    const before = signalled.received.length;
    await sleep(300);
    expect(signalled.received.length).toBe(before);
  });

  it('ignores a stranger once latched, unless its SSRC persists there', async () => {
    const phone = await h.peer();
    const stranger = await h.peer();
    const s = await h.session({ remote: local(phone.port) });
    const heard: Int16Array[] = [];
    s.onAudio((f) => heard.push(f));
    await stream(phone, s.port, 3, { value: 1000 });
    await stream(stranger, s.port, 2, { value: 8000, ssrc: 0x999, seq: 103, ts: 8480 });
    await sleep(300);
    expect(heard.some((f) => near(f, 8000))).toBe(false);
    expect(s.stats().dropped).toBe(2);
    // A PBX that moved the media keeps one SSRC: after a few packets it wins.
    await stream(stranger, s.port, 10, { value: 8000, ssrc: 0x999, seq: 105, ts: 8800 });
    await sleep(300);
    expect(heard.some((f) => near(f, 8000))).toBe(true);
    void s.send([new Int16Array(FRAME_SAMPLES)]);
    await stranger.waitFor(1);
  });

  it('drops and counts malformed packets and unknown payload types without stopping', async () => {
    const peer = await h.peer();
    const s = await h.session({ remote: local(peer.port), jitterMs: 200 });
    const heard: Int16Array[] = [];
    s.onAudio((f) => heard.push(f));
    const bad = [Uint8Array.of(1, 2, 3), Uint8Array.of(0x40, 8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 5), Uint8Array.of(0x8f, 8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1), Uint8Array.of(0xa0, 8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 5, 99)];
    for (const b of bad) await peer.send(s.port, b);
    await stream(peer, s.port, 1, { pt: 18 });
    await stream(peer, s.port, 5, { value: 3000 });
    await sleep(300);
    expect(s.stats().dropped).toBe(5);
    expect(heard.filter((f) => near(f, 3000))).toHaveLength(5);
  });

  it('counts lost packets and an SSRC change, and plays the new stream', async () => {
    const peer = await h.peer();
    const s = await h.session({ remote: local(peer.port), jitterMs: 200 });
    const heard: Int16Array[] = [];
    s.onAudio((f) => heard.push(f));
    await stream(peer, s.port, 3, { seq: 10, ts: 1600 });
    await stream(peer, s.port, 3, { seq: 15, ts: 1600 + 5 * 160 });
    await stream(peer, s.port, 5, { ssrc: 0x5555, seq: 40000, ts: 999_999, value: 4000 });
    await sleep(300);
    expect(s.stats()).toMatchObject({ lost: 2, ssrcChanges: 1 });
    expect(heard.filter((f) => near(f, 4000))).toHaveLength(5);
  });

  it('accepts 30 ms packets as one and a half frames each', async () => {
    const peer = await h.peer();
    const s = await h.session({ remote: local(peer.port), jitterMs: 200 });
    const heard: Int16Array[] = [];
    s.onAudio((f) => heard.push(f));
    for (let i = 0; i < 4; i++) {
      const payload = alawEncode(new Int16Array(240).fill(1500));
      await peer.send(s.port, serializeRtp({ marker: false, payloadType: 8, sequence: i, timestamp: i * 240, ssrc: 7, payload }));
      await sleep(30);
    }
    await sleep(300);
    expect(heard.filter((f) => near(f, 1500))).toHaveLength(6);
  });
});
