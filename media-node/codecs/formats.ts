import { readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { SAMPLE_RATE } from '../audio/pcm.js';
import { alawDecode, alawEncode, ulawDecode, ulawEncode } from './g711.js';
import { decodeGsm, encodeGsm, GsmFormatError } from './gsm/index.js';
import { decodeMp3, encodeMp3 } from './mp3.js';
import { resample, toMono } from './resample.js';
import { AudioFormatError, decodeWav, encodeWav } from './wav.js';

export { AudioFormatError } from './wav.js';

/** The audio file formats the node reads and writes; every stored item exists as wav, gsm and mp3. */
export type AudioFormat = 'wav' | 'gsm' | 'mp3' | 'raw' | 'alaw' | 'ulaw';

const BY_EXTENSION: Record<string, AudioFormat> = {
  '.wav': 'wav',
  '.gsm': 'gsm',
  '.mp3': 'mp3',
  '.raw': 'raw',
  '.sln': 'raw',
  '.al': 'alaw',
  '.alaw': 'alaw',
  '.ul': 'ulaw',
  '.ulaw': 'ulaw',
  '.mu': 'ulaw',
};

const CONTENT_TYPES: Record<AudioFormat, string> = {
  wav: 'audio/wav',
  gsm: 'audio/gsm',
  mp3: 'audio/mpeg',
  // audio/L16 means big-endian samples; ours are little-endian like Asterisk's .sln.
  raw: 'application/octet-stream',
  alaw: 'audio/PCMA',
  ulaw: 'audio/PCMU',
};

/** The format a file name implies (.raw and .sln are 16-bit signed little-endian 8 kHz mono). */
export function formatFromPath(path: string): AudioFormat {
  const ext = extname(path).toLowerCase();
  const format = BY_EXTENSION[ext];
  if (!format) {
    throw new AudioFormatError(`unknown audio file extension "${ext || path}"; use one of ${Object.keys(BY_EXTENSION).join(' ')}`);
  }
  return format;
}

export function contentTypeOf(format: AudioFormat): string {
  return CONTENT_TYPES[format];
}

function to8kMono(decoded: { sampleRate: number; channels: Int16Array[] }): Int16Array {
  return resample(toMono(decoded.channels), decoded.sampleRate, SAMPLE_RATE);
}

function rawDecode(bytes: Uint8Array): Int16Array {
  if (bytes.length % 2 !== 0) throw new AudioFormatError(`16-bit raw audio must have an even byte count, got ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pcm = new Int16Array(bytes.length / 2);
  for (let i = 0; i < pcm.length; i++) pcm[i] = view.getInt16(i * 2, true);
  return pcm;
}

function rawEncode(pcm: Int16Array): Uint8Array {
  const bytes = new Uint8Array(pcm.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < pcm.length; i++) view.setInt16(i * 2, pcm[i] as number, true);
  return bytes;
}

/** Decodes any supported file to the node's internal audio: 8 kHz 16-bit mono. */
export async function decodeAudio(bytes: Uint8Array, format: AudioFormat): Promise<Int16Array> {
  switch (format) {
    case 'wav': return to8kMono(decodeWav(bytes));
    case 'mp3': return to8kMono(await decodeMp3(bytes));
    case 'raw': return rawDecode(bytes);
    case 'alaw': return alawDecode(bytes);
    case 'ulaw': return ulawDecode(bytes);
    case 'gsm':
      try {
        return decodeGsm(bytes);
      } catch (error) {
        // One error class for every unreadable input, so callers need not know each codec.
        if (error instanceof GsmFormatError) throw new AudioFormatError(`not a readable GSM file: ${error.message}`);
        throw error;
      }
  }
}

/** Encodes 8 kHz 16-bit mono audio in the given format. */
export function encodeAudio(pcm: Int16Array, format: AudioFormat): Uint8Array {
  switch (format) {
    case 'wav': return encodeWav(pcm, SAMPLE_RATE);
    case 'gsm': return encodeGsm(pcm);
    case 'mp3': return encodeMp3(pcm, { sampleRate: SAMPLE_RATE });
    case 'raw': return rawEncode(pcm);
    case 'alaw': return alawEncode(pcm);
    case 'ulaw': return ulawEncode(pcm);
  }
}

export interface TranscodeResult {
  inFormat: AudioFormat;
  outFormat: AudioFormat;
  seconds: number;
}

/** Converts one file into another by their extensions, through 8 kHz mono. */
export async function transcodeFile(inPath: string, outPath: string): Promise<TranscodeResult> {
  // Both names are checked before any work so a typo in the output fails fast.
  const inFormat = formatFromPath(inPath);
  const outFormat = formatFromPath(outPath);
  const pcm = await decodeAudio(await readFile(inPath), inFormat);
  await writeFile(outPath, encodeAudio(pcm, outFormat));
  return { inFormat, outFormat, seconds: pcm.length / SAMPLE_RATE };
}
