import { describe, expect, it } from 'vitest';
import { DTMF_EVENT_DIGITS } from '../../../media-node/dtmf/digits.js';
import { DtmfDetector } from '../../../media-node/dtmf/goertzel.js';
import { dtmfTone } from '../../../media-node/dtmf/tones.js';
import type { DtmfDigit } from '../../../media-node/media/call-media.js';

const silence = (ms: number) => new Int16Array(ms * 8);
function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
/** Feeds audio in 20 ms frames, as the session does. */
function detect(pcm: Int16Array, detector = new DtmfDetector()): DtmfDigit[] {
  const found: DtmfDigit[] = [];
  for (let at = 0; at < pcm.length; at += 160) found.push(...detector.process(pcm.subarray(at, at + 160)));
  return found;
}
/** Deterministic white noise at a given RMS. */
function noise(samples: number, rms: number, seed = 1): Int16Array {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) * 2 - 1;
  return Int16Array.from({ length: samples }, () => Math.round(rand() * rms * Math.sqrt(3)));
}
const mix = (a: Int16Array, b: Int16Array) => Int16Array.from(a, (v, i) => Math.max(-32768, Math.min(32767, v + (b[i] ?? 0))));

describe('in-band DTMF detector', () => {
  it('detects each of the 16 digits exactly once', () => {
    const pcm = concat(...DTMF_EVENT_DIGITS.flatMap((d) => [dtmfTone(d, 70), silence(60)]));
    expect(detect(pcm)).toEqual(DTMF_EVENT_DIGITS);
  });

  it('detects a tone of 50 ms and rejects one of 20 ms', () => {
    expect(detect(concat(silence(10), dtmfTone('8', 50), silence(60)))).toEqual(['8']);
    expect(detect(concat(silence(10), dtmfTone('8', 20), silence(60)))).toEqual([]);
  });

  it('needs a pause: one long tone is one digit, two tones with a gap are two', () => {
    expect(detect(concat(dtmfTone('5', 600), silence(60)))).toEqual(['5']);
    expect(detect(concat(dtmfTone('5', 80), silence(50), dtmfTone('5', 80), silence(50)))).toEqual(['5', '5']);
  });

  it('detects digits under white noise at 12 dB SNR', () => {
    const digits: DtmfDigit[] = ['1', '9', '*', '#', 'D', '0'];
    const tones = concat(...digits.flatMap((d) => [dtmfTone(d, 80), silence(80)]));
    // Each tone has RMS 7000/√2 per component, so the pair has RMS 7000; noise 12 dB below.
    expect(detect(mix(tones, noise(tones.length, 7000 / 4)))).toEqual(digits);
  });

  it('finds nothing in noise alone', () => {
    expect(detect(noise(8000 * 10, 3000, 7))).toEqual([]);
  });

  it('rejects twist beyond the limits and accepts it within them', () => {
    const tone = (lowDb: number) => concat(dtmfTone('4', 80, { lowAmplitude: 7000 * 10 ** (lowDb / 20), highAmplitude: 7000 }), silence(60));
    expect(detect(tone(6))).toEqual(['4']);
    expect(detect(tone(12))).toEqual([]);
    expect(detect(tone(-3))).toEqual(['4']);
    expect(detect(tone(-7))).toEqual([]);
  });

  it('ignores tones too quiet to be dialling', () => {
    expect(detect(concat(dtmfTone('2', 80, { amplitude: 200 }), silence(60)))).toEqual([]);
  });

  it('rejects a single frequency (a dial tone component, a whistle)', () => {
    const sine = Int16Array.from({ length: 8000 }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 941 * i) / 8000)));
    expect(detect(concat(sine, silence(60)))).toEqual([]);
  });
});
