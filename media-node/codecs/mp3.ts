import { Mp3Encoder } from '@breezystack/lamejs';
import { MPEGDecoder } from 'mpg123-decoder';
import { SAMPLE_RATE } from '../audio/pcm.js';
import { findFirstFrame, withInfoTag } from './mp3-info-tag.js';
import { AudioFormatError } from './wav.js';

/**
 * 16 kbps by default: at 8 kHz mono (MPEG-2.5 layer III) it keeps telephone speech clear, close to
 * the bit rate of GSM full rate (13 kbps) that our callers already hear, at 7.2 MB per hour; 8 kbps
 * audibly smears consonants and anything above 24 kbps buys nothing for a 4 kHz band.
 */
export const DEFAULT_MP3_KBPS = 16;

/** Sample rates of MPEG-1, -2 and -2.5 layer III. */
const RATES = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000];
/** Layer III bit rates of MPEG-1 (32 kHz and up) and of MPEG-2/2.5 (below). */
const KBPS_MPEG1 = [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const KBPS_MPEG2 = [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
/** lame's own granule size; feeding whole frames avoids extra copies inside the encoder. */
const CHUNK = 1152;

export interface Mp3Options {
  sampleRate?: number;
  kbps?: number;
}

/** Encodes mono 16-bit PCM as a constant-bit-rate MP3 (no ID3 tag; a LAME Info tag for gapless decoding). */
export function encodeMp3(pcm: Int16Array, options: Mp3Options = {}): Uint8Array {
  const sampleRate = options.sampleRate ?? SAMPLE_RATE;
  const kbps = options.kbps ?? DEFAULT_MP3_KBPS;
  if (!RATES.includes(sampleRate)) throw new RangeError(`MP3 cannot carry ${sampleRate} Hz; use one of ${RATES.join(', ')}`);
  if (!(sampleRate >= 32000 ? KBPS_MPEG1 : KBPS_MPEG2).includes(kbps)) {
    throw new RangeError(`MP3 at ${sampleRate} Hz cannot use ${kbps} kbps`);
  }
  const encoder = new Mp3Encoder(1, sampleRate, kbps);
  const parts: Uint8Array[] = [];
  for (let at = 0; at < pcm.length; at += CHUNK) {
    // lamejs hands back an Int8Array whatever its typings say; set() below copies bytes modulo 256.
    const part = encoder.encodeBuffer(pcm.subarray(at, at + CHUNK));
    if (part.length > 0) parts.push(part);
  }
  parts.push(encoder.flush());
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return withInfoTag(out, pcm.length);
}

function toInt16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.round((samples[i] as number) * 32768);
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}

/** Decodes an MP3 (layer III, any rate and channel count) with mpg123 compiled to WebAssembly. */
export async function decodeMp3(bytes: Uint8Array): Promise<{ sampleRate: number; channels: Int16Array[] }> {
  const first = findFirstFrame(bytes);
  // mpg123 would find a "frame" in any binary file and decode noise, so we look for real frames first.
  if (!first) throw new AudioFormatError('not an MP3: no MPEG layer III frames found');
  const decoder = new MPEGDecoder();
  await decoder.ready;
  try {
    const decoded = decoder.decode(bytes);
    if (decoded.samplesDecoded === 0) {
      throw new AudioFormatError(`not a readable MP3: ${decoded.errors[0]?.message ?? 'no audio decoded'}`);
    }
    // mpg123-decoder always hands back two channels; a mono file's second one is a copy.
    const channels = first.mono ? decoded.channelData.slice(0, 1) : decoded.channelData;
    return { sampleRate: decoded.sampleRate, channels: channels.map(toInt16) };
  } finally {
    decoder.free();
  }
}
