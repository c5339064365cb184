/**
 * Inside the media node all audio is 8 kHz, 16-bit signed linear PCM, moved in 20 ms frames;
 * codecs convert only at the edges (RTP, files, uploads).
 */
export const SAMPLE_RATE = 8000;
export const FRAME_MS = 20;
export const FRAME_SAMPLES = (SAMPLE_RATE * FRAME_MS) / 1000;

/** Cuts a PCM buffer into 20 ms frames; the last one is padded with silence. */
export function toFrames(pcm: Int16Array): Int16Array[] {
  const frames: Int16Array[] = [];
  for (let at = 0; at < pcm.length; at += FRAME_SAMPLES) {
    const frame = new Int16Array(FRAME_SAMPLES);
    frame.set(pcm.subarray(at, Math.min(at + FRAME_SAMPLES, pcm.length)));
    frames.push(frame);
  }
  return frames;
}

/** Joins frames back into one buffer. */
export function joinFrames(frames: readonly Int16Array[]): Int16Array {
  const total = frames.reduce((sum, f) => sum + f.length, 0);
  const pcm = new Int16Array(total);
  let at = 0;
  for (const frame of frames) {
    pcm.set(frame, at);
    at += frame.length;
  }
  return pcm;
}
