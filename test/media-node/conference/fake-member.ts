/**
 * What the conference tests share: a CallMedia that records every frame the mixer sends (or, when
 * stuck, never finishes a send), a room driven tick by tick, and the signals the tests feed in.
 */
import { FRAME_SAMPLES, SAMPLE_RATE } from '../../../media-node/audio/pcm.js';
import { ConferenceMixer, type ConferenceMixerOptions } from '../../../media-node/conference/conference-mixer.js';
import { ManualTicks } from '../../../media-node/conference/manual-ticks.js';
import type { CallMedia, DtmfEvent, SendResult } from '../../../media-node/media/call-media.js';

export class FakeMedia implements CallMedia {
  readonly sent: Int16Array[] = [];
  sendCalls = 0;
  closed = false;
  private readonly listeners = new Set<(frame: Int16Array) => void>();

  constructor(private readonly stuck = false) {}

  send(frames: Iterable<Int16Array>): Promise<SendResult> {
    this.sendCalls++;
    if (this.stuck) return new Promise(() => {});
    this.sent.push(...frames);
    return Promise.resolve('sent');
  }

  clearOutput(): void {}
  async sendDtmf(): Promise<void> {}
  onAudio(listener: (frame: Int16Array) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  onDtmf(_listener: (event: DtmfEvent) => void): () => void {
    return () => {};
  }
  injectDtmf(): void {}

  /** Plays a frame into the conference as if it had come off the jitter buffer. */
  speak(frame: Int16Array): void {
    for (const listener of [...this.listeners]) listener(frame);
  }

  get listening(): number {
    return this.listeners.size;
  }
}

export interface Joined {
  id: string;
  media: FakeMedia;
  controller: AbortController;
  outcome: Promise<'left' | 'removed' | 'ended'>;
}

export function room(options: Omit<ConferenceMixerOptions, 'clock'> = {}) {
  const ticks = new ManualTicks();
  const mixer = new ConferenceMixer({ clock: ticks, ...options });
  const join = (id: string, flags: { muted?: boolean; listenOnly?: boolean } = {}): Joined => {
    const media = new FakeMedia();
    const controller = new AbortController();
    const outcome = mixer.join({ id, media, ...flags }, controller.signal);
    return { id, media, controller, outcome };
  };
  /**
   * Each member speaks its next frame from `signals` (by id), then the room ticks once; the sends'
   * promises settle before the next tick, as they would between two real ticks.
   */
  const step = async (members: Joined[], signals: Record<string, Int16Array[]>, at: number) => {
    for (const m of members) {
      const frame = signals[m.id]?.[at];
      if (frame) m.media.speak(frame);
    }
    ticks.tick();
    await settle();
  };
  return { ticks, mixer, join, step };
}

export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

export function sine(hz: number, amplitude: number, frames: number, phase = 0): Int16Array[] {
  return Array.from({ length: frames }, (_, f) =>
    Int16Array.from({ length: FRAME_SAMPLES }, (_, i) => Math.round(amplitude * Math.sin(phase + (2 * Math.PI * hz * (f * FRAME_SAMPLES + i)) / SAMPLE_RATE))),
  );
}

export function silence(frames: number): Int16Array[] {
  return Array.from({ length: frames }, () => new Int16Array(FRAME_SAMPLES));
}

export function concat(frames: readonly Int16Array[]): Float64Array {
  const out = new Float64Array(frames.length * FRAME_SAMPLES);
  frames.forEach((f, i) => out.set(f, i * FRAME_SAMPLES));
  return out;
}

export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}

export function rms(samples: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return samples.length === 0 ? 0 : Math.sqrt(sum / samples.length);
}

export const clamp16 = (v: number) => Math.max(-32768, Math.min(32767, v));
