import { FRAME_SAMPLES } from '../../audio/pcm.js';
import { GsmDecoder } from './decoder.js';
import { GsmEncoder } from './encoder.js';
import { GsmFormatError } from './errors.js';
import { PARAM_COUNT, WIDTHS } from './frame.js';

/**
 * Microsoft's GSM 6.10 in WAV files (format tag 0x0031, libgsm's "WAV49"): the same codec, two
 * frames packed without signatures into one 65-byte block of 320 samples, least significant bit
 * first. Only the data chunk is handled here; the RIFF header belongs to the WAV writer.
 */
export const WAV49_FORMAT_TAG = 0x0031;
export const WAV49_BLOCK_BYTES = 65;
export const WAV49_BLOCK_SAMPLES = 2 * FRAME_SAMPLES;
/** Bits of one frame in a block: 33 bytes minus the signature nibble. */
const FRAME_BITS = 260;

function packLsbFirst(params: Int16Array, out: Uint8Array, blockAt: number, bitAt: number): void {
  let pos = bitAt;
  for (let i = 0; i < PARAM_COUNT; i++) {
    const w = WIDTHS[i]!;
    const v = params[i]! & ((1 << w) - 1);
    const byte = blockAt + (pos >> 3);
    const shifted = v << (pos & 7);
    out[byte] = out[byte]! | (shifted & 0xff);
    if (shifted > 0xff) out[byte + 1] = out[byte + 1]! | (shifted >> 8);
    pos += w;
  }
}

function unpackLsbFirst(bytes: Uint8Array, blockAt: number, bitAt: number, params: Int16Array): void {
  let pos = bitAt;
  for (let i = 0; i < PARAM_COUNT; i++) {
    const w = WIDTHS[i]!;
    const byte = blockAt + (pos >> 3);
    const pair = bytes[byte]! | ((bytes[byte + 1] ?? 0) << 8);
    params[i] = (pair >> (pos & 7)) & ((1 << w) - 1);
    pos += w;
  }
}

/** PCM to WAV49 blocks; the last block is padded with silence. */
export function encodeWav49(pcm: Int16Array): Uint8Array {
  const blocks = Math.ceil(pcm.length / WAV49_BLOCK_SAMPLES);
  const padded = new Int16Array(blocks * WAV49_BLOCK_SAMPLES);
  padded.set(pcm);
  const out = new Uint8Array(blocks * WAV49_BLOCK_BYTES);
  const encoder = new GsmEncoder();
  for (let b = 0; b < blocks; b++) {
    const at = b * WAV49_BLOCK_SAMPLES;
    packLsbFirst(encoder.analyze(padded, at), out, b * WAV49_BLOCK_BYTES, 0);
    packLsbFirst(encoder.analyze(padded, at + FRAME_SAMPLES), out, b * WAV49_BLOCK_BYTES, FRAME_BITS);
  }
  return out;
}

/** WAV49 blocks back to PCM (320 samples each); refuses a partial block. */
export function decodeWav49(bytes: Uint8Array): Int16Array {
  if (bytes.length % WAV49_BLOCK_BYTES !== 0) throw new GsmFormatError(`WAV49 data must be a multiple of ${WAV49_BLOCK_BYTES} bytes, got ${bytes.length}`);
  const blocks = bytes.length / WAV49_BLOCK_BYTES;
  const out = new Int16Array(blocks * WAV49_BLOCK_SAMPLES);
  const decoder = new GsmDecoder();
  const params = new Int16Array(PARAM_COUNT);
  for (let b = 0; b < blocks; b++) {
    unpackLsbFirst(bytes, b * WAV49_BLOCK_BYTES, 0, params);
    decoder.synthesize(params, out, b * WAV49_BLOCK_SAMPLES);
    unpackLsbFirst(bytes, b * WAV49_BLOCK_BYTES, FRAME_BITS, params);
    decoder.synthesize(params, out, b * WAV49_BLOCK_SAMPLES + FRAME_SAMPLES);
  }
  return out;
}
