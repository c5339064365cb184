import { readFile } from 'node:fs/promises';
import { decodeAudio } from '../codecs/formats.js';

/** Any WAV the codecs read (rate, channels, G.711 or PCM) as the node's 8 kHz mono PCM. */
export async function readWavFile(path: string): Promise<Int16Array> {
  return decodeAudio(new Uint8Array(await readFile(path)), 'wav');
}
