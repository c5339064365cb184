import { SAMPLE_RATE } from '../audio/pcm.js';

/**
 * The spool keeps audio as canonical 44-byte-header PCM WAV so a streaming recording can be appended
 * in place and its header patched (or rebuilt from the file length after a crash) without copying.
 */
export const WAV_HEADER_BYTES = 44;

export function wavHeader(channels: number, dataBytes: number): Uint8Array {
  const header = new Uint8Array(WAV_HEADER_BYTES);
  const view = new DataView(header.buffer);
  const ascii = (at: number, text: string) => { for (let i = 0; i < text.length; i++) header[at + i] = text.charCodeAt(i); };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, channels, true);
  view.setUint32(24, SAMPLE_RATE, true);
  view.setUint32(28, SAMPLE_RATE * channels * 2, true);
  view.setUint16(32, channels * 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  return header;
}

export class WavFormatError extends Error {
  readonly code = 'WAV_FORMAT';
}

/** Reads back a spool WAV: interleaved samples and the channel count. */
export function parseSpoolWav(bytes: Uint8Array): { channels: number; samples: Int16Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < WAV_HEADER_BYTES || tag(0) !== 'RIFF' || tag(8) !== 'WAVE' || tag(12) !== 'fmt ' || tag(36) !== 'data') throw new WavFormatError('not a spool WAV file');
  const channels = view.getUint16(22, true);
  if (view.getUint16(20, true) !== 1 || view.getUint16(34, true) !== 16 || view.getUint32(24, true) !== SAMPLE_RATE || (channels !== 1 && channels !== 2)) {
    throw new WavFormatError('spool WAV must be 8 kHz 16-bit PCM, mono or stereo');
  }
  const dataBytes = Math.min(view.getUint32(40, true), bytes.length - WAV_HEADER_BYTES);
  const frameBytes = channels * 2;
  const usable = dataBytes - (dataBytes % frameBytes);
  const copy = bytes.slice(WAV_HEADER_BYTES, WAV_HEADER_BYTES + usable);
  return { channels, samples: new Int16Array(copy.buffer, copy.byteOffset, usable / 2) };
}

/** Interleaves channels of equal length (shorter ones are padded with silence). */
export function interleave(channels: readonly Int16Array[]): Int16Array {
  if (channels.length === 1) return channels[0]!;
  const length = Math.max(...channels.map((c) => c.length));
  const out = new Int16Array(length * channels.length);
  channels.forEach((channel, c) => { for (let i = 0; i < channel.length; i++) out[i * channels.length + c] = channel[i]!; });
  return out;
}

/** The mono version GSM and MP3 get: the average of the channels, which cannot clip. */
export function monoMix(samples: Int16Array, channels: number): Int16Array {
  if (channels === 1) return samples;
  const out = new Int16Array(Math.floor(samples.length / channels));
  for (let i = 0; i < out.length; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += samples[i * channels + c]!;
    out[i] = Math.round(sum / channels);
  }
  return out;
}

export function durationMsOf(dataBytes: number, channels: number): number {
  return Math.round((Math.floor(dataBytes / (2 * channels)) * 1000) / SAMPLE_RATE);
}
