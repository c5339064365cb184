/** WAV49 (MS GSM, two frames per 65-byte block) against sox, which packs with libgsm's WAV49 mode. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GsmFormatError, WAV49_FORMAT_TAG, decodeWav49, encodeWav49 } from '../../../../media-node/codecs/gsm/index.js';
import { firstDifference, riffChunk, soxDecodeWav, soxWav49, speech } from './reference.js';
import { clippedSquare, whiteNoise } from './signals.js';

let dir = '';
const inputs = new Map<string, Int16Array>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ramal-gsm-wav49-'));
  inputs.set('German speech', await speech(dir, 'de', 'Willkommen bei der Sprachbox. Sie haben zwei neue Nachrichten. Drücken Sie die Eins, um sie anzuhören.'));
  inputs.set('white noise', whiteNoise(8000 + 123));
  inputs.set('clipped square', clippedSquare(8000, 200));
});

/** sox rounds an odd data chunk up with a pad byte inside the chunk; it belongs to no block. */
function blocks(wav: Uint8Array): Uint8Array {
  const data = riffChunk(wav, 'data');
  const whole = data.subarray(0, data.length - (data.length % 65));
  if (data.length - whole.length > 1 || data.subarray(whole.length).some((b) => b !== 0)) throw new Error('unexpected bytes after the last block');
  return whole;
}

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.each(['German speech', 'white noise', 'clipped square'])('%s', (name) => {
  it('encodes to the data chunk sox writes', async () => {
    const pcm = inputs.get(name)!;
    const wav = await soxWav49(dir, name.replace(/\W+/g, '-'), pcm);
    expect(new DataView(riffChunk(wav, 'fmt ').buffer, riffChunk(wav, 'fmt ').byteOffset).getUint16(0, true)).toBe(WAV49_FORMAT_TAG);
    const ours = encodeWav49(pcm);
    expect(ours.length).toBe(Math.ceil(pcm.length / 320) * 65);
    expect(firstDifference(ours, blocks(wav))).toBe(-1);
  });

  it('decodes to the samples sox reads', async () => {
    const slug = `${name.replace(/\W+/g, '-')}-dec`;
    const wav = await soxWav49(dir, slug, inputs.get(name)!);
    const reference = await soxDecodeWav(dir, slug, wav);
    expect(firstDifference(decodeWav49(blocks(wav)), reference)).toBe(-1);
  });
});

it('refuses data that is not whole 65-byte blocks', () => {
  expect(() => decodeWav49(new Uint8Array(64))).toThrow(GsmFormatError);
  expect(() => decodeWav49(new Uint8Array(66))).toThrow(GsmFormatError);
});
