import { FRAME_SAMPLES } from '../../audio/pcm.js';
import { GsmDecoder } from './decoder.js';
import { GsmEncoder } from './encoder.js';
import { GsmFormatError } from './errors.js';
import { FRAME_BYTES, hasMagic } from './frame.js';

/** A whole PCM buffer to a raw `.gsm` stream (what `toast` writes); the last frame is padded with silence. */
export function encodeGsm(pcm: Int16Array): Uint8Array {
  const frames = Math.ceil(pcm.length / FRAME_SAMPLES);
  const out = new Uint8Array(frames * FRAME_BYTES);
  const encoder = new GsmEncoder();
  const whole = Math.floor(pcm.length / FRAME_SAMPLES);
  for (let f = 0; f < whole; f++) encoder.encodeInto(pcm, f * FRAME_SAMPLES, out, f * FRAME_BYTES);
  if (whole < frames) {
    const last = new Int16Array(FRAME_SAMPLES);
    last.set(pcm.subarray(whole * FRAME_SAMPLES));
    encoder.encodeInto(last, 0, out, whole * FRAME_BYTES);
  }
  return out;
}

/** A raw `.gsm` stream back to PCM; refuses a partial frame or a frame without the 0xD signature. */
export function decodeGsm(bytes: Uint8Array): Int16Array {
  if (bytes.length % FRAME_BYTES !== 0) throw new GsmFormatError(`GSM data must be a multiple of ${FRAME_BYTES} bytes, got ${bytes.length}`);
  const frames = bytes.length / FRAME_BYTES;
  // Check every signature first so a bad stream fails before any work is done.
  for (let f = 0; f < frames; f++) {
    if (!hasMagic(bytes, f * FRAME_BYTES)) throw new GsmFormatError(`GSM frame ${f} lacks the 0xD signature`);
  }
  const out = new Int16Array(frames * FRAME_SAMPLES);
  const decoder = new GsmDecoder();
  for (let f = 0; f < frames; f++) decoder.decodeInto(bytes, f * FRAME_BYTES, out, f * FRAME_SAMPLES);
  return out;
}
