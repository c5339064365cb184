import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES } from '../../../media-node/audio/pcm.js';
import { parseTelephoneEvent, writeTelephoneEvent } from '../../../media-node/dtmf/rfc4733.js';
import { serializeRtp } from '../../../media-node/rtp/packet.js';
import type { DtmfDigit, DtmfEvent } from '../../../media-node/media/call-media.js';
import { sleep } from '../rtp/helpers/peer.js';
import { local, sessionHarness } from '../rtp/helpers/session.js';

const h = sessionHarness({ min: 43600, max: 43799 });

/** Two sessions pointed at each other, as two ends of a call. */
async function pair(telephoneEventPt: number | undefined) {
  const a = await h.session({ remote: local(1), ...(telephoneEventPt === undefined ? {} : { telephoneEventPt }) });
  const b = await h.session({ remote: local(a.port), ...(telephoneEventPt === undefined ? {} : { telephoneEventPt }) });
  a.update({ remote: local(b.port) });
  const got: DtmfEvent[] = [];
  b.onDtmf((e) => got.push(e));
  return { a, b, got };
}

const DIGITS: DtmfDigit[] = ['1', '2', '3', 'A', '4', '5', '6', 'B', '7', '8', '9', 'C', '*', '0', '#', 'D'];

describe('DTMF through RTP sessions', () => {
  it('sends RFC 4733 events that the other end receives as exactly the digits sent', async () => {
    const { a, got } = await pair(101);
    for (const d of ['1', '#', '1', '9', '*', 'D'] as DtmfDigit[]) await a.sendDtmf(d, 80);
    await sleep(100);
    expect(got.map((e) => e.digit).join('')).toBe('1#19*D');
    expect(got.every((e) => e.source === 'rfc4733')).toBe(true);
    expect(got.map((e) => e.at)).toEqual([...got.map((e) => e.at)].sort((x, y) => x - y));
  });

  it('puts the event on the wire as RFC 4733 wants, pausing audio meanwhile', async () => {
    const peer = await h.peer();
    const a = await h.session({ remote: local(peer.port), telephoneEventPt: 96 });
    const audio = a.send(Array.from({ length: 4 }, () => new Int16Array(FRAME_SAMPLES).fill(100)));
    await sleep(30);
    await a.sendDtmf('5', 60);
    await audio;
    const got = (await peer.waitFor(9)).map((r) => r.packet);
    const events = got.filter((p) => p.payloadType === 96);
    const parsed = events.map((p) => parseTelephoneEvent(p.payload)!);
    expect(events).toHaveLength(5);
    expect(new Set(events.map((p) => p.timestamp)).size).toBe(1);
    expect(events.map((p) => p.marker)).toEqual([true, false, false, false, false]);
    expect(parsed.map((e) => [e.event, e.end, e.duration])).toEqual([[5, false, 160], [5, false, 320], [5, true, 480], [5, true, 480], [5, true, 480]]);
    // No audio packet between the event's first and last packet; sequence numbers stay consecutive.
    const firstEvent = got.indexOf(events[0]!);
    expect(firstEvent).toBeGreaterThan(0);
    expect(firstEvent).toBeLessThan(4);
    expect(got.slice(firstEvent, firstEvent + 5).every((p) => p.payloadType === 96)).toBe(true);
    got.forEach((p, i) => expect((p.sequence - got[0]!.sequence) & 0xffff).toBe(i));
  });

  it('falls back to in-band tones when telephone-event was not negotiated, detected by Goertzel', async () => {
    const { a, got } = await pair(undefined);
    for (const d of DIGITS) await a.sendDtmf(d, 80);
    await sleep(200);
    expect(got.map((e) => e.digit)).toEqual(DIGITS);
    expect(got.every((e) => e.source === 'inband')).toBe(true);
  }, 15_000);

  it('does not run in-band detection when RFC 4733 was negotiated', async () => {
    const tones = await pair(undefined);
    const events = await pair(101);
    // Tones sent by a session without telephone-event, into one that has it: ignored as audio.
    tones.a.update({ remote: local(events.b.port) });
    await tones.a.sendDtmf('3', 100);
    await sleep(200);
    expect(events.got).toEqual([]);
  });

  it('delivers a digit injected from SIP INFO like any other', async () => {
    const { b, got } = await pair(101);
    b.injectDtmf('7', 'info');
    expect(got).toMatchObject([{ digit: '7', source: 'info' }]);
  });

  it('resolves sendDtmf at once after close and refuses a non-digit', async () => {
    const { a } = await pair(101);
    const pending = a.sendDtmf('1', 2000);
    a.close();
    await expect(pending).resolves.toBeUndefined();
    await expect(a.sendDtmf('x' as DtmfDigit)).rejects.toMatchObject({ code: 'INVALID_DTMF_DIGIT' });
  });
});

describe('RFC 4733 under a separate SSRC', () => {
  it('counts each event once when a gateway interleaves events and audio under different SSRCs', async () => {
    const peer = await h.peer();
    const s = await h.session({ remote: local(peer.port), telephoneEventPt: 101 });
    const got: DtmfEvent[] = [];
    s.onDtmf((e) => got.push(e));
    for (let i = 0; i < 6; i++) {
      const audio = serializeRtp({ marker: false, payloadType: 8, sequence: i, timestamp: i * 160, ssrc: 1, payload: new Uint8Array(160).fill(0xd5) });
      const event = serializeRtp({ marker: i === 0, payloadType: 101, sequence: 100 + i, timestamp: 4000, ssrc: 2, payload: writeTelephoneEvent(new Uint8Array(4), { event: 4, end: i >= 3, volume: 10, duration: (i + 1) * 160 }) });
      await peer.send(s.port, audio);
      await peer.send(s.port, event);
      await sleep(20);
    }
    await sleep(50);
    expect(got.map((e) => e.digit)).toEqual(['4']);
  });
});
