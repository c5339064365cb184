import { FRAME_SAMPLES } from '../audio/pcm.js';
import type { CallMedia } from '../media/call-media.js';
import type { LeaveReason, MemberSnapshot } from './conference-events.js';
import { dbToFactor } from './gain.js';
import { NoiseGate, type NoiseGateOptions } from './noise-gate.js';
import { PromptQueue } from './prompt-queue.js';
import { TalkDetector, type TalkDetectorOptions } from './talk-detector.js';

export interface MemberSetup {
  id: string;
  media: CallMedia;
  listenOnly: boolean;
  muted: boolean;
  maxBufferedFrames: number;
  talk?: TalkDetectorOptions;
  gate?: NoiseGateOptions;
  finish: (reason: LeaveReason) => void;
}

/**
 * One member's side of the mix: the frames that arrived since the last tick (a small ring, the
 * oldest dropped when it overflows so a burst cannot build up delay), this tick's contribution,
 * its levels, detectors, prompts and sends still in flight.
 */
export class MixerMember {
  readonly id: string;
  readonly media: CallMedia;
  readonly joinedAt = new Date();
  readonly finish: (reason: LeaveReason) => void;
  listenOnly: boolean;
  muted: boolean;
  inputGainDb = 0;
  outputGainDb = 0;
  inputFactor = 1;
  outputFactor = 1;
  readonly detector: TalkDetector;
  readonly gate: NoiseGate;
  readonly prompts = new PromptQueue();
  /** What this member adds to the room this tick, after gate and input gain. */
  readonly contribution = new Int32Array(FRAME_SAMPLES);
  /** This tick's input, copied out of the ring so the gate can work in place. */
  readonly input = new Int16Array(FRAME_SAMPLES);
  contributes = false;
  pendingSends = 0;
  droppedOutput = 0;
  droppedInput = 0;
  detach: () => void = () => {};
  private readonly ring: Int16Array[];
  private head = 0;
  private buffered = 0;

  constructor(setup: MemberSetup) {
    this.id = setup.id;
    this.media = setup.media;
    this.listenOnly = setup.listenOnly;
    this.muted = setup.muted;
    this.finish = setup.finish;
    this.detector = new TalkDetector(setup.talk);
    this.gate = new NoiseGate(setup.gate);
    this.ring = Array.from({ length: Math.max(1, setup.maxBufferedFrames) }, () => new Int16Array(FRAME_SAMPLES));
  }

  get silent(): boolean {
    return this.muted || this.listenOnly;
  }

  /** Copies a received frame in: the sender may reuse its buffer once the listener returns. */
  push(frame: Int16Array): void {
    if (this.buffered === this.ring.length) {
      this.head = (this.head + 1) % this.ring.length;
      this.buffered--;
      this.droppedInput++;
    }
    const slot = this.ring[(this.head + this.buffered) % this.ring.length]!;
    if (frame.length === FRAME_SAMPLES) slot.set(frame);
    else {
      slot.fill(0);
      slot.set(frame.subarray(0, FRAME_SAMPLES));
    }
    this.buffered++;
  }

  /** Moves the oldest buffered frame into `input`; false (and silence) when none arrived. */
  take(): boolean {
    if (this.buffered === 0) {
      this.input.fill(0);
      return false;
    }
    this.input.set(this.ring[this.head]!);
    this.head = (this.head + 1) % this.ring.length;
    this.buffered--;
    return true;
  }

  setInputGain(db: number): void {
    this.inputGainDb = db;
    this.inputFactor = dbToFactor(db);
  }

  setOutputGain(db: number): void {
    this.outputGainDb = db;
    this.outputFactor = dbToFactor(db);
  }

  snapshot(): MemberSnapshot {
    return {
      id: this.id, muted: this.muted, listenOnly: this.listenOnly, talking: this.detector.talking,
      joinedAt: this.joinedAt, inputGainDb: this.inputGainDb, outputGainDb: this.outputGainDb,
    };
  }
}
