import { FRAME_MS } from '../audio/pcm.js';

export interface TalkDetectorOptions {
  /** RMS level (of int16 samples) above which a frame counts as speech; 400 is about −38 dBFS. */
  thresholdRms?: number;
  /** Speech must last this long before the member is shown talking. */
  startMs?: number;
  /** Quiet must last this long before the member is shown silent again. */
  stopMs?: number;
}

/** Mean square of a frame, the energy the detectors compare. */
export function frameEnergy(frame: Int16Array): number {
  let sum = 0;
  for (let i = 0; i < frame.length; i++) sum += frame[i]! * frame[i]!;
  return frame.length === 0 ? 0 : sum / frame.length;
}

/**
 * Who is talking, for the live room page and the app: a smoothed frame energy with hysteresis in
 * time. Each frame's energy is capped at four times the threshold before smoothing, so one loud
 * click cannot hold the smoothed level up for long; and the start time counts only frames that are
 * loud themselves as well, so a click split over two frames still falls short of it. Pauses
 * between words are shorter than the stop time.
 */
export class TalkDetector {
  private readonly threshold: number;
  private readonly startFrames: number;
  private readonly stopFrames: number;
  private smoothed = 0;
  private above = 0;
  private below = 0;
  private state = false;

  constructor(options: TalkDetectorOptions = {}) {
    const rms = options.thresholdRms ?? 400;
    this.threshold = rms * rms;
    this.startFrames = Math.max(1, Math.round((options.startMs ?? 60) / FRAME_MS));
    this.stopFrames = Math.max(1, Math.round((options.stopMs ?? 400) / FRAME_MS));
  }

  get talking(): boolean {
    return this.state;
  }

  /** Takes one frame's energy; returns true when the talking state changed. */
  update(energy: number): boolean {
    this.smoothed = 0.5 * this.smoothed + 0.5 * Math.min(energy, 4 * this.threshold);
    const loud = this.smoothed > this.threshold;
    this.above = loud && energy > this.threshold ? this.above + 1 : 0;
    this.below = loud ? 0 : this.below + 1;
    const next = this.state ? this.below < this.stopFrames : this.above >= this.startFrames;
    if (next === this.state) return false;
    this.state = next;
    return true;
  }

  reset(): void {
    this.smoothed = 0;
    this.above = 0;
    this.below = 0;
    this.state = false;
  }
}
