import { describe, expect, it } from 'vitest';
import { parseRtp, seqDelta, serializeRtp, tsDelta } from '../../../media-node/rtp/packet.js';

const base = { marker: true, payloadType: 8, sequence: 0xfffe, timestamp: 0xfffffff0, ssrc: 0xdeadbeef, payload: Uint8Array.of(1, 2, 3) };

function withHeader(first: number, rest: number[]): Uint8Array {
  return Uint8Array.of(first, 8, 0, 1, 0, 0, 0, 160, 1, 2, 3, 4, ...rest);
}

describe('RTP packet', () => {
  it('serializes and parses back every header field', () => {
    const parsed = parseRtp(serializeRtp(base));
    expect(parsed).toEqual({ ok: true, packet: base });
  });

  it('skips CSRCs and a header extension to find the payload', () => {
    // CC=1, X=1: one CSRC, then extension profile 0xBEDE with one word.
    const data = withHeader(0x91, [9, 9, 9, 9, 0xbe, 0xde, 0, 1, 7, 7, 7, 7, 0xaa, 0xbb]);
    const parsed = parseRtp(data);
    expect(parsed.ok && Array.from(parsed.packet.payload)).toEqual([0xaa, 0xbb]);
  });

  it('removes padding counted by the last octet', () => {
    const parsed = parseRtp(withHeader(0xa0, [0x55, 0, 0, 3]));
    expect(parsed.ok && Array.from(parsed.packet.payload)).toEqual([0x55]);
  });

  it.each([
    ['too-short', Uint8Array.of(0x80, 8, 0, 1, 0, 0, 0, 0, 0, 0, 0)],
    ['version', withHeader(0x40, [1, 2])],
    ['csrc-overrun', withHeader(0x83, [1, 2, 3, 4])],
    ['extension-overrun', withHeader(0x90, [0xbe, 0xde])],
    ['extension-overrun', withHeader(0x90, [0xbe, 0xde, 0, 4, 1, 2, 3, 4])],
    ['padding', withHeader(0xa0, [1, 2, 0])],
    ['padding', withHeader(0xa0, [1, 2, 40])],
  ])('rejects a malformed packet (%s) without throwing', (reason, data) => {
    expect(parseRtp(data)).toEqual({ ok: false, reason });
  });

  it('never throws on random bytes', () => {
    for (let i = 0; i < 5000; i++) {
      const data = Uint8Array.from({ length: Math.floor(Math.random() * 40) }, () => Math.floor(Math.random() * 256));
      expect(() => parseRtp(data)).not.toThrow();
    }
  });

  it('computes sequence and timestamp distance across the wrap', () => {
    expect(seqDelta(0xffff, 0)).toBe(1);
    expect(seqDelta(0, 0xffff)).toBe(-1);
    expect(tsDelta(0xffffff00, 0x60)).toBe(0x160);
  });
});
