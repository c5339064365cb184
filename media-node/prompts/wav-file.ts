import { readFile } from 'node:fs/promises';
import { SAMPLE_RATE } from '../audio/pcm.js';
import { decodeWav } from '../codecs/wav.js';
import { resample, toMono } from '../codecs/resample.js';

/** Any WAV our decoder reads (rate, channels, G.711 or PCM) as the node's 8 kHz mono PCM. */
export function wavToPcm(bytes: Uint8Array): Int16Array {
  const { sampleRate, channels } = decodeWav(bytes);
  return resample(toMono(channels), sampleRate, SAMPLE_RATE);
}

export async function readWavFile(path: string): Promise<Int16Array> {
  return wavToPcm(new Uint8Array(await readFile(path)));
}
