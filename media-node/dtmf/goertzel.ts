import { SAMPLE_RATE } from '../audio/pcm.js';
import type { DtmfDigit } from '../media/call-media.js';
import { DTMF_COLUMNS, DTMF_KEYPAD, DTMF_ROWS } from './digits.js';

/** ~12.75 ms at 8 kHz: short enough to time a 40 ms digit, long enough to separate 697 from 770 Hz. */
export const GOERTZEL_BLOCK = 102;

const FREQUENCIES = [...DTMF_ROWS, ...DTMF_COLUMNS];
const COEFFS = Float64Array.from(FREQUENCIES, (f) => 2 * Math.cos((2 * Math.PI * f) / SAMPLE_RATE));
const db = (x: number) => 10 ** (x / 10);

export interface DtmfDetectorOptions {
  /** Mean-square power each tone needs: 700² / 2 is a sine of amplitude 700, about −30 dBm0. */
  minTonePower?: number;
  /** Low tone may exceed the high one by this much (the line attenuates high frequencies). */
  normalTwistDb?: number;
  reverseTwistDb?: number;
  /** Each peak must beat the other tones of its group by this much. */
  relativePeakDb?: number;
  /** The two tones must carry this share of the block's power: speech spreads energy, DTMF does not. */
  toneShare?: number;
  /** Blocks a digit must last (3 × 12.75 ms ≈ 40 ms) and blocks of pause that end it. */
  minBlocks?: number;
  pauseBlocks?: number;
}

/**
 * In-band DTMF by Goertzel filters on the eight DTMF frequencies. A digit is reported once, after it
 * lasted long enough and a pause followed, which is what keeps speech and music from dialling.
 */
export class DtmfDetector {
  private readonly s1 = new Float64Array(8);
  private readonly s2 = new Float64Array(8);
  private readonly power = new Float64Array(8);
  private energy = 0;
  private filled = 0;
  private current: DtmfDigit | undefined;
  private hits = 0;
  private misses = 0;
  private readonly o: Required<DtmfDetectorOptions>;

  constructor(options: DtmfDetectorOptions = {}) {
    this.o = {
      minTonePower: (700 * 700) / 2,
      normalTwistDb: 8,
      reverseTwistDb: 4,
      relativePeakDb: 8,
      toneShare: 0.7,
      minBlocks: 3,
      pauseBlocks: 2,
      ...options,
    };
  }

  /** Feeds samples; returns the digits that completed within them. */
  process(samples: Int16Array): DtmfDigit[] {
    const found: DtmfDigit[] = [];
    for (let at = 0; at < samples.length; ) {
      const end = Math.min(samples.length, at + GOERTZEL_BLOCK - this.filled);
      this.run(samples, at, end);
      this.filled += end - at;
      at = end;
      if (this.filled === GOERTZEL_BLOCK) {
        const digit = this.endBlock(this.classify());
        if (digit) found.push(digit);
      }
    }
    return found;
  }

  /** One filter at a time over the run, state in locals: several times faster than sample-major. */
  private run(samples: Int16Array, from: number, to: number): void {
    let energy = this.energy;
    for (let i = from; i < to; i++) energy += samples[i]! * samples[i]!;
    this.energy = energy;
    for (let k = 0; k < 8; k++) {
      const c = COEFFS[k]!;
      let s1 = this.s1[k]!;
      let s2 = this.s2[k]!;
      for (let i = from; i < to; i++) {
        const s0 = samples[i]! + c * s1 - s2;
        s2 = s1;
        s1 = s0;
      }
      this.s1[k] = s1;
      this.s2[k] = s2;
    }
  }

  reset(): void {
    this.s1.fill(0);
    this.s2.fill(0);
    this.energy = 0;
    this.filled = 0;
    this.current = undefined;
    this.hits = 0;
    this.misses = 0;
  }

  private classify(): DtmfDigit | undefined {
    const n = GOERTZEL_BLOCK;
    for (let k = 0; k < 8; k++) {
      const a = this.s1[k]!;
      const b = this.s2[k]!;
      // |X|² scaled to the mean-square power of the sinusoid, comparable with energy / n.
      this.power[k] = ((a * a + b * b - COEFFS[k]! * a * b) * 2) / (n * n);
    }
    const blockPower = this.energy / n;
    this.s1.fill(0);
    this.s2.fill(0);
    this.energy = 0;
    this.filled = 0;
    const row = this.peak(0);
    const col = this.peak(4);
    if (row < 0 || col < 0) return undefined;
    const rowP = this.power[row]!;
    const colP = this.power[col + 4]!;
    if (rowP < this.o.minTonePower || colP < this.o.minTonePower) return undefined;
    if (rowP > colP * db(this.o.normalTwistDb) || colP > rowP * db(this.o.reverseTwistDb)) return undefined;
    if (rowP + colP < this.o.toneShare * blockPower) return undefined;
    return DTMF_KEYPAD[row]![col];
  }

  /** Index (0–3) of the group's strongest tone if it stands out from the other three, else -1. */
  private peak(base: number): number {
    let best = base;
    for (let k = base + 1; k < base + 4; k++) if (this.power[k]! > this.power[best]!) best = k;
    const limit = this.power[best]! / db(this.o.relativePeakDb);
    for (let k = base; k < base + 4; k++) if (k !== best && this.power[k]! > limit) return -1;
    return best - base;
  }

  private endBlock(digit: DtmfDigit | undefined): DtmfDigit | undefined {
    if (digit && digit === this.current) {
      this.hits++;
      this.misses = 0;
      return undefined;
    }
    if (digit) {
      // A different digit with no pause between is not how keypads send: start over.
      this.current = digit;
      this.hits = 1;
      this.misses = 0;
      return undefined;
    }
    if (!this.current) return undefined;
    if (++this.misses < this.o.pauseBlocks) return undefined;
    const done = this.hits >= this.o.minBlocks ? this.current : undefined;
    this.current = undefined;
    this.hits = 0;
    return done;
  }
}
