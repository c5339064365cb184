/** The frame-level and buffer-level API: statefulness, framing, padding and refusal of bad input. */
import { describe, expect, it } from 'vitest';
import { GsmDecoder, GsmEncoder, GsmFormatError, decodeGsm, encodeGsm } from '../../../../media-node/codecs/gsm/index.js';
import { sine, whiteNoise } from './signals.js';

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

describe('GsmEncoder', () => {
  it('produces 33-byte frames starting with the 0xD nibble', () => {
    const frame = new GsmEncoder().encodeFrame(sine(160, 300, 8000));
    expect(frame.length).toBe(33);
    expect(frame[0]! >> 4).toBe(0xd);
  });

  it('frame by frame gives the same stream as encodeGsm', () => {
    const pcm = whiteNoise(160 * 20);
    const encoder = new GsmEncoder();
    const frames: number[] = [];
    for (let f = 0; f < 20; f++) frames.push(...encoder.encodeFrame(pcm.slice(f * 160, (f + 1) * 160)));
    expect(Uint8Array.from(frames)).toEqual(encodeGsm(pcm));
  });

  it('carries filter state across frames', () => {
    const pcm = sine(320, 500, 10000);
    const continued = new GsmEncoder();
    continued.encodeFrame(pcm.subarray(0, 160));
    const second = continued.encodeFrame(pcm.subarray(160));
    expect(second).not.toEqual(new GsmEncoder().encodeFrame(pcm.subarray(160)));
  });

  it.each([0, 159, 161])('refuses a frame of %i samples', (length) => {
    const err = catchError(() => new GsmEncoder().encodeFrame(new Int16Array(length)));
    expect(err).toBeInstanceOf(GsmFormatError);
    expect((err as GsmFormatError).code).toBe('GSM_FORMAT');
  });
});

describe('GsmDecoder', () => {
  it('frame by frame gives the same samples as decodeGsm', () => {
    const gsm = encodeGsm(sine(160 * 10, 700, 15000));
    const decoder = new GsmDecoder();
    const parts: number[] = [];
    for (let f = 0; f < 10; f++) parts.push(...decoder.decodeFrame(gsm.subarray(f * 33, (f + 1) * 33)));
    expect(Int16Array.from(parts)).toEqual(decodeGsm(gsm));
  });

  it('refuses a frame of the wrong size', () => {
    expect(() => new GsmDecoder().decodeFrame(new Uint8Array(32).fill(0xd0))).toThrow(GsmFormatError);
  });

  it('refuses a frame without the 0xD signature', () => {
    const frame = new GsmEncoder().encodeFrame(new Int16Array(160));
    frame[0] = (frame[0]! & 0x0f) | 0xc0;
    expect(() => new GsmDecoder().decodeFrame(frame)).toThrow(GsmFormatError);
  });
});

describe('encodeGsm / decodeGsm', () => {
  it('pads a partial last frame and decodes back to whole frames', () => {
    const gsm = encodeGsm(sine(161, 400, 9000));
    expect(gsm.length).toBe(66);
    expect(decodeGsm(gsm).length).toBe(320);
  });

  it('keeps speech-band audio recognisable (a round trip correlates with the input)', () => {
    const pcm = sine(8000, 440, 10000);
    const out = decodeGsm(encodeGsm(pcm));
    let xy = 0;
    let xx = 0;
    let yy = 0;
    for (let i = 160; i < pcm.length; i++) {
      xy += pcm[i]! * out[i]!;
      xx += pcm[i]! * pcm[i]!;
      yy += out[i]! * out[i]!;
    }
    expect(xy / Math.sqrt(xx * yy)).toBeGreaterThan(0.9);
  });

  it('encodes nothing to nothing', () => {
    expect(encodeGsm(new Int16Array(0)).length).toBe(0);
    expect(decodeGsm(new Uint8Array(0)).length).toBe(0);
  });

  it.each([1, 32, 34, 65])('refuses %i bytes (not a multiple of 33) with GSM_FORMAT', (length) => {
    const bytes = new Uint8Array(length).fill(0xd0);
    const err = catchError(() => decodeGsm(bytes));
    expect(err).toBeInstanceOf(GsmFormatError);
    expect((err as GsmFormatError).code).toBe('GSM_FORMAT');
  });

  it('refuses a stream whose second frame has a bad signature', () => {
    const gsm = encodeGsm(sine(480, 300, 8000));
    gsm[33] = 0x0f & gsm[33]!;
    const err = catchError(() => decodeGsm(gsm));
    expect(err).toBeInstanceOf(GsmFormatError);
    expect((err as GsmFormatError).message).toContain('frame 1');
  });
});
