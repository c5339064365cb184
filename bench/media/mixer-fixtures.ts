/**
 * What both halves of the mixer bench share: a CallMedia stand-in that takes frames as fast as the
 * mixer gives them (as an RTP session keeping up would), a 50-person room fed by it, and the plain
 * summing loop the mixer is measured against.
 */
import { FRAME_SAMPLES, SAMPLE_RATE } from '../../media-node/audio/pcm.js';
import { ConferenceMixer, type TickSource } from '../../media-node/conference/conference-mixer.js';
import type { CallMedia, SendResult } from '../../media-node/media/call-media.js';

export const ROOM_SIZE = 50;

class BenchMedia implements CallMedia {
  readonly closed = false;
  frames = 0;
  private listener: ((frame: Int16Array) => void) | undefined;
  send(frames: Iterable<Int16Array>): Promise<SendResult> {
    for (const _ of frames) this.frames++;
    return Promise.resolve('sent');
  }
  clearOutput(): void {}
  async sendDtmf(): Promise<void> {}
  onAudio(listener: (frame: Int16Array) => void): () => void {
    this.listener = listener;
    return () => (this.listener = undefined);
  }
  onDtmf(): () => void {
    return () => {};
  }
  injectDtmf(): void {}
  speak(frame: Int16Array): void {
    this.listener?.(frame);
  }
}

/** A second of voice-band tones per member, each at its own pitch, looped. */
export function voices(count: number): Int16Array[][] {
  return Array.from({ length: count }, (_, m) => {
    const hz = 200 + ((m * 37) % 1800);
    return Array.from({ length: 50 }, (_, f) =>
      Int16Array.from({ length: FRAME_SAMPLES }, (_, i) => Math.round(3000 * Math.sin((2 * Math.PI * hz * (f * FRAME_SAMPLES + i)) / SAMPLE_RATE))),
    );
  });
}

export interface BenchRoom {
  /** Delivers every member's next frame, as their RTP sessions would before the room's tick. */
  feed(): void;
  mixer: ConferenceMixer;
}

export function mixerRoom(clock: TickSource, input: Int16Array[][], noiseSuppression = true): BenchRoom {
  const mixer = new ConferenceMixer({ clock, noiseSuppression });
  const media = input.map((_, i) => {
    const m = new BenchMedia();
    void mixer.join({ id: `m${i}`, media: m }, new AbortController().signal);
    return m;
  });
  // A mid-size room is never all talkers: a few contribute, some are muted or only listen.
  mixer.setMemberInputGain('m1', -3);
  mixer.setMemberOutputGain('m2', 3);
  mixer.mute('m3');
  mixer.setListenOnly('m4', true);
  let n = 0;
  return {
    mixer,
    feed() {
      const f = n++ % 50;
      for (let i = 0; i < media.length; i++) media[i]!.speak(input[i]![f]!);
    },
  };
}

/** The baseline: the same frames summed and handed out, with no N−1, levels, detectors or clipping. */
export function plainSum(input: Int16Array[][]): { tick(): void; sink: Int16Array[] } {
  const total = new Int32Array(FRAME_SAMPLES);
  const sink: Int16Array[] = [];
  let n = 0;
  return {
    sink,
    tick() {
      const f = n++ % 50;
      total.fill(0);
      for (const frames of input) {
        const frame = frames[f]!;
        for (let i = 0; i < FRAME_SAMPLES; i++) total[i] = total[i]! + frame[i]!;
      }
      sink.length = 0;
      for (let m = 0; m < input.length; m++) sink.push(new Int16Array(total));
    },
  };
}
