/**
 * The LAME "Info" tag: a silent first frame telling decoders (mpg123, ffmpeg) how many samples the
 * encoder added in front (its delay) and behind (padding to whole frames). Without it a 10 s prompt
 * decodes ~150 ms longer and starts late. lamejs never writes one, and lame itself skips it when the
 * tag does not fit a frame at low bit rates; we leave out the optional seek table so it fits 8 kbps.
 */

/** Delay lame puts before the first input sample; decoders add their own 529 on top. */
export const LAME_ENCODER_DELAY = 576;
const LAME_VERSION = 'LAME3.98r'; // lamejs is a port of LAME 3.98.4
const FLAG_FRAMES = 1;
const FLAG_BYTES = 2;
const FLAG_QUALITY = 8;
const LAME_EXTENSION_BYTES = 36;

const KBPS_MPEG1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const KBPS_MPEG2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

export interface Mp3FrameHeader {
  mpeg1: boolean;
  kbps: number;
  sampleRate: number;
  samplesPerFrame: number;
  bytes: number;
  sideInfoBytes: number;
  hasCrc: boolean;
  mono: boolean;
}

/** Parses a layer III frame header at `at`, or returns undefined if there is none. */
export function readFrameHeader(data: Uint8Array, at: number): Mp3FrameHeader | undefined {
  if (at + 4 > data.length) return undefined;
  const b1 = data[at + 1] as number;
  const b2 = data[at + 2] as number;
  if (data[at] !== 0xff || (b1 & 0xe0) !== 0xe0 || ((b1 >> 1) & 3) !== 1) return undefined;
  const version = (b1 >> 3) & 3;
  const sampleRate = RATES[version]?.[(b2 >> 2) & 3];
  const mpeg1 = version === 3;
  const kbps = (mpeg1 ? KBPS_MPEG1 : KBPS_MPEG2)[b2 >> 4];
  if (!sampleRate || !kbps) return undefined;
  const mono = ((data[at + 3] as number) >> 6) === 3;
  const bytes = Math.floor(((mpeg1 ? 144 : 72) * kbps * 1000) / sampleRate) + ((b2 >> 1) & 1);
  const sideInfoBytes = mpeg1 ? (mono ? 17 : 32) : mono ? 9 : 17;
  return { mpeg1, kbps, sampleRate, samplesPerFrame: mpeg1 ? 1152 : 576, bytes, sideInfoBytes, hasCrc: (b1 & 1) === 0, mono };
}

/**
 * The first layer III frame of a file: after any ID3v2 tag, and confirmed by the frame that follows
 * it (or the end of the data), since a lone 0xFFE sync pattern turns up by chance in any binary file.
 */
export function findFirstFrame(data: Uint8Array, searchBytes = 65536): Mp3FrameHeader | undefined {
  let start = 0;
  if (data[0] === 0x49 && data[1] === 0x44 && data[2] === 0x33 && data.length >= 10) {
    const size = (((data[6] as number) & 0x7f) << 21) | (((data[7] as number) & 0x7f) << 14) | (((data[8] as number) & 0x7f) << 7) | ((data[9] as number) & 0x7f);
    start = 10 + size + ((data[5] as number) & 0x10 ? 10 : 0);
  }
  for (let at = start; at < Math.min(data.length, start + searchBytes); at++) {
    const header = readFrameHeader(data, at);
    if (header && (at + header.bytes === data.length || readFrameHeader(data, at + header.bytes))) return header;
  }
  return undefined;
}

/** CRC-16/ARC (polynomial 0x8005 reflected), the checksum the LAME tag uses. */
function crc16(data: Uint8Array, crc = 0): number {
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

/** Returns the stream with an Info tag frame in front, or unchanged if it holds no frames. */
export function withInfoTag(stream: Uint8Array, samples: number): Uint8Array {
  const first = readFrameHeader(stream, 0);
  if (!first) return stream;
  let frames = 0;
  for (let at = 0, h = first as Mp3FrameHeader | undefined; h; at += h.bytes, h = readFrameHeader(stream, at)) frames++;
  const padding = frames * first.samplesPerFrame - LAME_ENCODER_DELAY - samples;
  const tagAt = 4 + first.sideInfoBytes;
  const needed = tagAt + 4 * 5 + LAME_EXTENSION_BYTES;
  // Same version, rate and mode as the audio, at the smallest bit rate whose frame holds the tag.
  const table = first.mpeg1 ? KBPS_MPEG1 : KBPS_MPEG2;
  const index = table.findIndex((kbps) => kbps > 0 && Math.floor(((first.mpeg1 ? 144 : 72) * kbps * 1000) / first.sampleRate) >= needed);
  if (index < 0 || padding < 0 || padding > 4095) return stream;
  const size = Math.floor(((first.mpeg1 ? 144 : 72) * (table[index] as number) * 1000) / first.sampleRate);
  const frame = new Uint8Array(size);
  frame.set(stream.subarray(0, 4));
  frame[1] = (frame[1] as number) | 1; // no CRC
  frame[2] = (index << 4) | ((frame[2] as number) & 0x0c); // bit rate, same rate, no padding
  const view = new DataView(frame.buffer);
  const ascii = (at: number, text: string) => [...text].forEach((c, i) => (frame[at + i] = c.charCodeAt(0)));
  ascii(tagAt, 'Info');
  view.setUint32(tagAt + 4, FLAG_FRAMES | FLAG_BYTES | FLAG_QUALITY);
  view.setUint32(tagAt + 8, frames);
  view.setUint32(tagAt + 12, size + stream.length);
  view.setUint32(tagAt + 16, 50);
  const ext = tagAt + 20;
  ascii(ext, LAME_VERSION);
  frame[ext + 9] = 0x01; // tag revision 0, constant bit rate
  frame[ext + 20] = Math.min(first.kbps, 255);
  frame[ext + 21] = LAME_ENCODER_DELAY >> 4;
  frame[ext + 22] = ((LAME_ENCODER_DELAY & 0x0f) << 4) | (padding >> 8);
  frame[ext + 23] = padding & 0xff;
  view.setUint32(ext + 28, size + stream.length);
  view.setUint16(ext + 32, crc16(stream));
  view.setUint16(ext + 34, crc16(frame.subarray(0, ext + 34)));
  const out = new Uint8Array(size + stream.length);
  out.set(frame);
  out.set(stream, size);
  return out;
}
