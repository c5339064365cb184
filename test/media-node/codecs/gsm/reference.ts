/**
 * The references for the GSM tests: libgsm's `toast`/`untoast`, sox (libgsm in WAV49 mode) and
 * espeak-ng speech. Files go to a temporary folder that the calling test creates and removes.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const MAX_OUTPUT = 256 * 1024 * 1024;

function bytesOf(pcm: Int16Array): Uint8Array {
  return new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength);
}

function pcmOf(bytes: Uint8Array): Int16Array {
  const copy = new Uint8Array(bytes.byteLength & ~1);
  copy.set(bytes.subarray(0, copy.length));
  return new Int16Array(copy.buffer);
}

export async function writeRaw(dir: string, name: string, pcm: Int16Array): Promise<string> {
  const path = join(dir, `${name}.raw`);
  await writeFile(path, bytesOf(pcm));
  return path;
}

/** `toast -l -c`: 16-bit host-order linear in, raw 33-byte frames out. */
export async function toastFile(rawPath: string): Promise<Uint8Array> {
  const { stdout } = await run('toast', ['-l', '-c', rawPath], { encoding: 'buffer', maxBuffer: MAX_OUTPUT });
  return new Uint8Array(stdout);
}

/** `untoast -l -c`: a .gsm file back to 16-bit host-order linear. */
export async function untoastFile(gsmPath: string): Promise<Int16Array> {
  const { stdout } = await run('untoast', ['-l', '-c', gsmPath], { encoding: 'buffer', maxBuffer: MAX_OUTPUT });
  return pcmOf(stdout);
}

export async function toast(dir: string, name: string, pcm: Int16Array): Promise<Uint8Array> {
  return toastFile(await writeRaw(dir, name, pcm));
}

export async function untoast(dir: string, name: string, gsm: Uint8Array): Promise<Int16Array> {
  const path = join(dir, `${name}.gsm`);
  await writeFile(path, gsm);
  return untoastFile(path);
}

/** Speech from espeak-ng, resampled by sox to 8 kHz mono 16-bit. */
export async function speech(dir: string, voice: string, text: string): Promise<Int16Array> {
  const wav = join(dir, `speech-${voice}.wav`);
  const raw = join(dir, `speech-${voice}.raw`);
  await run('espeak-ng', ['-v', voice, '-w', wav, text]);
  await run('sox', [wav, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed', '-t', 'raw', raw]);
  return pcmOf(await readFile(raw));
}

/** Index of the first element where a and b differ (a length difference counts), or -1. */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

/** The payload of a RIFF file's first chunk with this id, walking the chunk list. */
export function riffChunk(file: Uint8Array, id: string): Uint8Array {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  for (let at = 12; at + 8 <= file.length; ) {
    const name = String.fromCharCode(...file.subarray(at, at + 4));
    const size = view.getUint32(at + 4, true);
    if (name === id) return file.subarray(at + 8, at + 8 + size);
    at += 8 + size + (size & 1);
  }
  throw new Error(`no ${id} chunk`);
}

/** sox's GSM WAV (libgsm in WAV49 mode): the whole file. */
export async function soxWav49(dir: string, name: string, pcm: Int16Array): Promise<Uint8Array> {
  const raw = await writeRaw(dir, name, pcm);
  const wav = join(dir, `${name}.wav`);
  await run('sox', ['-t', 'raw', '-r', '8000', '-e', 'signed', '-b', '16', '-c', '1', raw, '-e', 'gsm-full-rate', wav]);
  return new Uint8Array(await readFile(wav));
}

/** sox decoding a WAV file whose data chunk is replaced by ours (same header) back to 16-bit linear. */
export async function soxDecodeWav(dir: string, name: string, wavFile: Uint8Array): Promise<Int16Array> {
  const wav = join(dir, `${name}-in.wav`);
  await writeFile(wav, wavFile);
  const { stdout } = await run('sox', [wav, '-t', 'raw', '-e', 'signed', '-b', '16', '-'], { encoding: 'buffer', maxBuffer: MAX_OUTPUT });
  return pcmOf(stdout);
}
