import { SAMPLE_RATE } from '../audio/pcm.js';
import { AudioFormatError, decodeWav, encodeWav, wavHeader } from '../codecs/wav.js';

/**
 * The spool keeps audio as canonical 44-byte-header PCM WAV so a streaming recording can be appended
 * in place and its header patched (or rebuilt from the file length after a crash) without copying.
 */
export const WAV_HEADER_BYTES = 44;

/** The header of a spool WAV (8 kHz 16-bit PCM) holding `dataBytes` of samples. */
export function spoolWavHeader(channels: number, dataBytes: number): Uint8Array {
  return wavHeader(dataBytes, channels, SAMPLE_RATE);
}

/** Channels interleaved as the bytes of a spool WAV's data chunk (shorter ones padded with silence). */
export function spoolWavData(channels: Int16Array[]): Uint8Array {
  return encodeWav(channels, SAMPLE_RATE).subarray(WAV_HEADER_BYTES);
}

export class WavFormatError extends Error {
  readonly code = 'WAV_FORMAT';
}

/** Reads back a spool WAV, one array per channel; anything the spool would not have written is refused. */
export function decodeSpoolWav(bytes: Uint8Array): Int16Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The codec reader accepts any WAV; the spool's own files are always 16-bit PCM at fixed offsets.
  if (bytes.length < WAV_HEADER_BYTES || view.getUint16(20, true) !== 1 || view.getUint16(34, true) !== 16) {
    throw new WavFormatError('not a spool WAV file (16-bit PCM with a 44-byte header)');
  }
  let decoded: ReturnType<typeof decodeWav>;
  try {
    decoded = decodeWav(bytes);
  } catch (error) {
    if (error instanceof AudioFormatError) throw new WavFormatError(`not a spool WAV file: ${error.message}`, { cause: error });
    throw error;
  }
  if (decoded.sampleRate !== SAMPLE_RATE || (decoded.channels.length !== 1 && decoded.channels.length !== 2)) {
    throw new WavFormatError('spool WAV must be 8 kHz 16-bit PCM, mono or stereo');
  }
  return decoded.channels;
}

export function durationMsOf(dataBytes: number, channels: number): number {
  return Math.round((Math.floor(dataBytes / (2 * channels)) * 1000) / SAMPLE_RATE);
}
