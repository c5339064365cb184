import { describe, expect, it } from 'vitest';
import { resample, toMono } from '../../../media-node/codecs/resample.js';

function tone(hz: number, rate: number, seconds: number, amplitude = 10000): Int16Array {
  return Int16Array.from({ length: Math.round(rate * seconds) }, (_, i) => Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / rate)));
}

/** RMS amplitude, ignoring the edges where the kernel runs past the signal. */
function rms(pcm: Int16Array, edge = 100): number {
  let sum = 0;
  for (let i = edge; i < pcm.length - edge; i++) sum += (pcm[i] as number) ** 2;
  return Math.sqrt(sum / (pcm.length - 2 * edge));
}

/** Goertzel power at one frequency, normalised so a sine of amplitude A gives about A. */
function goertzel(pcm: Int16Array, hz: number, rate: number): number {
  const k = 2 * Math.cos((2 * Math.PI * hz) / rate);
  let s1 = 0;
  let s2 = 0;
  for (const x of pcm) {
    const s0 = x + k * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (2 * Math.sqrt(s1 * s1 + s2 * s2 - k * s1 * s2)) / pcm.length;
}

const db = (ratio: number) => 20 * Math.log10(ratio);

describe('resample', () => {
  it('turns one second at 44100 Hz into one second at 8000 Hz', () => {
    expect(resample(tone(1000, 44100, 1), 44100, 8000)).toHaveLength(8000);
    expect(resample(tone(1000, 22050, 0.5), 22050, 8000)).toHaveLength(4000);
  });

  it('keeps a 1 kHz sine at 1 kHz and at its amplitude (44.1 kHz to 8 kHz)', () => {
    const out = resample(tone(1000, 44100, 1), 44100, 8000);
    let crossings = 0;
    for (let i = 1; i < out.length; i++) if ((out[i - 1] as number) < 0 && (out[i] as number) >= 0) crossings++;
    expect(Math.abs(crossings - 1000)).toBeLessThanOrEqual(1);
    expect(goertzel(out, 1000, 8000)).toBeGreaterThan(goertzel(out, 1100, 8000) * 100);
    expect(Math.abs(db(rms(out) / (10000 / Math.SQRT2)))).toBeLessThan(0.1);
  });

  it('attenuates a 6 kHz tone by more than 60 dB going to 8 kHz instead of folding it to 2 kHz', () => {
    const out = resample(tone(6000, 44100, 1), 44100, 8000);
    expect(db(goertzel(out, 2000, 8000) / 10000)).toBeLessThan(-60);
    expect(db(rms(out) / (10000 / Math.SQRT2))).toBeLessThan(-60);
  });

  it('passes 3 kHz speech band at 22050 and 48000 Hz inputs within 0.5 dB', () => {
    for (const rate of [22050, 48000]) {
      const out = resample(tone(3000, rate, 0.5), rate, 8000);
      expect(Math.abs(db(rms(out) / (10000 / Math.SQRT2)))).toBeLessThan(0.5);
    }
  });

  it('upsamples 8 kHz to 22050 Hz keeping frequency and level', () => {
    const out = resample(tone(1000, 8000, 1), 8000, 22050);
    expect(out).toHaveLength(22050);
    expect(Math.abs(db(goertzel(out, 1000, 22050) / 10000))).toBeLessThan(0.1);
  });

  it('returns a copy when the rates are equal', () => {
    const pcm = Int16Array.of(1, 2, 3);
    const out = resample(pcm, 8000, 8000);
    expect(out).not.toBe(pcm);
    expect([...out]).toEqual([1, 2, 3]);
  });

  it('rejects a zero, negative or non-finite rate', () => {
    expect(() => resample(new Int16Array(10), 0, 8000)).toThrow(RangeError);
    expect(() => resample(new Int16Array(10), 44100, -8000)).toThrow(RangeError);
    expect(() => resample(new Int16Array(10), Number.NaN, 8000)).toThrow(RangeError);
  });
});

describe('toMono', () => {
  it('averages channels, treating a shorter one as silence past its end', () => {
    expect([...toMono([Int16Array.of(100, 200, 300), Int16Array.of(300, -200)])]).toEqual([200, 0, 150]);
  });

  it('does not clip two full-scale channels', () => {
    expect([...toMono([Int16Array.of(32767), Int16Array.of(32767)])]).toEqual([32767]);
  });

  it('rejects an empty channel list', () => {
    expect(() => toMono([])).toThrow(RangeError);
  });
});
