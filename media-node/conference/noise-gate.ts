import { FRAME_MS } from '../audio/pcm.js';

export interface NoiseGateOptions {
  /** How far a frame must rise above the noise floor to open the gate (dB of energy). */
  openAboveDb?: number;
  /** Gain while closed; −20 dB takes a hum or a fan well under speech without a dead line. */
  closedDb?: number;
  /** The gate stays open this long after the last loud frame, so word endings are not clipped. */
  holdMs?: number;
  /** Time to fall from open to closed, smooth so the background does not pump. */
  releaseMs?: number;
}

/** Floor never estimated below −72 dBFS: digital silence must not make every breath "speech". */
const MIN_FLOOR = 8 * 8;
/** The floor follows quieter frames quickly and louder ones at +3 dB a second, so speech barely moves it. */
const FLOOR_FALL = 0.3;
const FLOOR_RISE_PER_FRAME = 10 ** (3 / 10 / (1000 / FRAME_MS));

/**
 * Noise suppression kept simple enough to measure: a gate whose threshold follows an adaptive
 * estimate of the member's stationary background (a minimum-tracking floor). Frames well above the
 * floor pass untouched; between words and while the member is silent the background is attenuated.
 */
export class NoiseGate {
  private readonly openRatio: number;
  private readonly closedGain: number;
  private readonly holdFrames: number;
  private readonly releasePerFrame: number;
  private floor = -1;
  private hold = 0;
  private gain = 1;

  constructor(options: NoiseGateOptions = {}) {
    this.openRatio = 10 ** ((options.openAboveDb ?? 9) / 10);
    this.closedGain = 10 ** ((options.closedDb ?? -20) / 20);
    this.holdFrames = Math.round((options.holdMs ?? 200) / FRAME_MS);
    const releaseFrames = Math.max(1, Math.round((options.releaseMs ?? 100) / FRAME_MS));
    this.releasePerFrame = this.closedGain ** (1 / releaseFrames);
  }

  /** The background energy (mean square) the gate currently assumes. */
  get noiseFloor(): number {
    return Math.max(MIN_FLOOR, this.floor);
  }

  get open(): boolean {
    return this.hold > 0;
  }

  /** Gates `frame` in place, given its energy (mean square); returns the gain applied at its end. */
  process(frame: Int16Array, energy: number): number {
    if (this.floor < 0) this.floor = energy;
    else if (energy < this.floor) this.floor += (energy - this.floor) * FLOOR_FALL;
    else this.floor *= FLOOR_RISE_PER_FRAME;
    if (energy > this.noiseFloor * this.openRatio) this.hold = this.holdFrames + 1;
    else if (this.hold > 0) this.hold--;
    // Opening is immediate: the onset of a word is the part intelligibility needs most.
    if (this.hold > 0) return (this.gain = 1);
    const from = this.gain;
    const to = Math.max(this.closedGain, from * this.releasePerFrame);
    this.gain = to;
    const slope = (to - from) / frame.length;
    for (let i = 0; i < frame.length; i++) frame[i] = Math.round(frame[i]! * (from + slope * (i + 1)));
    return to;
  }

  reset(): void {
    this.floor = -1;
    this.hold = 0;
    this.gain = 1;
  }
}
