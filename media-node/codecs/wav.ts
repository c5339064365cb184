import { alawDecode, ulawDecode } from './g711.js';

/** Audio we cannot read or a file name whose format we do not know. */
export class AudioFormatError extends Error {
  readonly code = 'AUDIO_FORMAT';
  constructor(message: string) {
    super(message);
    this.name = 'AudioFormatError';
  }
}

const TAG_PCM = 1;
const TAG_FLOAT = 3;
const TAG_ALAW = 6;
const TAG_ULAW = 7;
const TAG_EXTENSIBLE = 0xfffe;
const HEADER_BYTES = 44;

/** The 44-byte header of a 16-bit PCM WAV; streaming writers patch dataBytes when they finish. */
export function wavHeader(dataBytes: number, channels: number, sampleRate: number): Uint8Array {
  const header = new Uint8Array(HEADER_BYTES);
  const view = new DataView(header.buffer);
  const ascii = (at: number, text: string) => {
    for (let i = 0; i < text.length; i++) header[at + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, TAG_PCM, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels * 2, true);
  view.setUint16(32, channels * 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  return header;
}

/**
 * 16-bit PCM WAV of one channel or several interleaved (v-rec keeps each party on its own channel).
 * Channels of different lengths are padded with silence: two call legs often end a frame apart.
 */
export function encodeWav(channels: Int16Array | Int16Array[], sampleRate = 8000): Uint8Array {
  const list = Array.isArray(channels) ? channels : [channels];
  if (list.length === 0) throw new RangeError('encodeWav needs at least one channel');
  const frames = Math.max(...list.map((c) => c.length));
  const dataBytes = frames * list.length * 2;
  const out = new Uint8Array(HEADER_BYTES + dataBytes);
  out.set(wavHeader(dataBytes, list.length, sampleRate));
  const view = new DataView(out.buffer, HEADER_BYTES);
  list.forEach((channel, c) => {
    for (let i = 0; i < channel.length; i++) view.setInt16((i * list.length + c) * 2, channel[i] as number, true);
  });
  return out;
}

interface Fmt {
  tag: number;
  channels: number;
  sampleRate: number;
  blockAlign: number;
  bits: number;
}

function readFmt(view: DataView, at: number, size: number): Fmt {
  if (size < 16) throw new AudioFormatError(`WAV fmt chunk is ${size} bytes, expected at least 16`);
  let tag = view.getUint16(at, true);
  if (tag === TAG_EXTENSIBLE) {
    if (size < 40) throw new AudioFormatError('WAVE_FORMAT_EXTENSIBLE fmt chunk is too short');
    // The sub-format GUID starts with the plain format tag.
    tag = view.getUint16(at + 24, true);
  }
  return { tag, channels: view.getUint16(at + 2, true), sampleRate: view.getUint32(at + 4, true), blockAlign: view.getUint16(at + 12, true), bits: view.getUint16(at + 14, true) };
}

const SUPPORTED: Record<number, number[]> = { [TAG_PCM]: [8, 16, 24, 32], [TAG_FLOAT]: [32, 64], [TAG_ALAW]: [8], [TAG_ULAW]: [8] };

function checkFmt(fmt: Fmt): void {
  if (!SUPPORTED[fmt.tag]?.includes(fmt.bits)) {
    throw new AudioFormatError(`unsupported WAV encoding: format tag ${fmt.tag}, ${fmt.bits} bits (PCM 8/16/24/32-bit, float, A-law and µ-law are supported)`);
  }
  if (fmt.channels === 0 || fmt.sampleRate === 0) throw new AudioFormatError('WAV declares zero channels or a zero sample rate');
  if (fmt.blockAlign !== (fmt.channels * fmt.bits) / 8) {
    throw new AudioFormatError(`WAV block align ${fmt.blockAlign} does not match ${fmt.channels} channels of ${fmt.bits} bits`);
  }
}

/** Reads one sample as 16-bit; checkFmt has vouched for the encoding. */
function sampleReader(fmt: Fmt, view: DataView): (at: number) => number {
  const clamp = (v: number) => (v > 32767 ? 32767 : v < -32768 ? -32768 : v);
  if (fmt.tag === TAG_PCM) {
    switch (fmt.bits) {
      case 8: return (at) => (view.getUint8(at) - 128) << 8;
      case 16: return (at) => view.getInt16(at, true);
      case 24: return (at) => clamp(Math.round(((view.getInt8(at + 2) << 16) | view.getUint16(at, true)) / 256));
      case 32: return (at) => clamp(Math.round(view.getInt32(at, true) / 65536));
    }
  }
  if (fmt.tag === TAG_FLOAT && fmt.bits === 32) return (at) => clamp(Math.round(view.getFloat32(at, true) * 32768));
  if (fmt.tag === TAG_FLOAT && fmt.bits === 64) return (at) => clamp(Math.round(view.getFloat64(at, true) * 32768));
  throw new AudioFormatError(`unsupported WAV encoding: format tag ${fmt.tag}, ${fmt.bits} bits (PCM 8/16/24/32, float, A-law and µ-law are supported)`);
}

function decodeData(fmt: Fmt, data: Uint8Array): Int16Array[] {
  const { channels: count, blockAlign } = fmt;
  const frames = Math.floor(data.length / blockAlign);
  if (fmt.tag === TAG_ALAW || fmt.tag === TAG_ULAW) {
    const all = (fmt.tag === TAG_ALAW ? alawDecode : ulawDecode)(data.subarray(0, frames * count));
    return deinterleave(all, count);
  }
  const read = sampleReader(fmt, new DataView(data.buffer, data.byteOffset, data.byteLength));
  const bytesPerSample = fmt.bits / 8;
  const out = Array.from({ length: count }, () => new Int16Array(frames));
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < count; c++) (out[c] as Int16Array)[f] = read(f * blockAlign + c * bytesPerSample);
  }
  return out;
}

function deinterleave(all: Int16Array, count: number): Int16Array[] {
  if (count === 1) return [all];
  const frames = Math.floor(all.length / count);
  return Array.from({ length: count }, (_, c) => {
    const channel = new Int16Array(frames);
    for (let f = 0; f < frames; f++) channel[f] = all[f * count + c] as number;
    return channel;
  });
}

/**
 * Reads a RIFF/WAVE file. Unknown chunks are skipped; a data size of 0, 0xFFFFFFFF or past the end
 * (what tools writing to a pipe leave behind) means "to the end of the file".
 */
export function decodeWav(bytes: Uint8Array): { sampleRate: number; channels: Int16Array[] } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new AudioFormatError('not a WAV file (no RIFF/WAVE header)');
  let fmt: Fmt | undefined;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (body + size > bytes.length) throw new AudioFormatError('WAV fmt chunk is cut short');
      fmt = readFmt(view, body, size);
    } else if (id === 'data') {
      if (!fmt) throw new AudioFormatError('WAV data chunk comes before its fmt chunk');
      checkFmt(fmt);
      const end = size === 0 || body + size > bytes.length ? bytes.length : body + size;
      return { sampleRate: fmt.sampleRate, channels: decodeData(fmt, bytes.subarray(body, end)) };
    }
    at = body + size + (size & 1);
  }
  throw new AudioFormatError(fmt ? 'WAV file has no data chunk' : 'WAV file has no fmt chunk');
}
