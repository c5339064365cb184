import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alawDecode, alawEncode } from '../../../media-node/codecs/g711.js';
import { AudioFormatError, decodeWav, encodeWav, wavHeader } from '../../../media-node/codecs/wav.js';

let dir: string;
let speech: Int16Array;
let speechWav: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ramal-wav-'));
  const spoken = join(dir, 'spoken.wav');
  speechWav = join(dir, 'speech8k.wav');
  execFileSync('espeak-ng', ['-v', 'en', '-w', spoken, 'Please leave a message after the tone.']);
  execFileSync('sox', ['-D', spoken, '-r', '8000', '-b', '16', speechWav]);
  speech = decodeWav(await readFile(speechWav)).channels[0] as Int16Array;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Converts our 8 kHz speech with sox and reads the result back. */
async function viaSox(name: string, ...args: string[]) {
  const out = join(dir, name);
  execFileSync('sox', ['-D', speechWav, ...args, out], { stdio: 'pipe' });
  return { bytes: new Uint8Array(await readFile(out)), decoded: decodeWav(await readFile(out)) };
}

const maxError = (a: Int16Array, b: Int16Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);

describe('WAV writing', () => {
  it('round-trips mono audio and its sample rate', () => {
    const pcm = Int16Array.from({ length: 1000 }, (_, i) => (i * 97) % 65536 - 32768);
    const back = decodeWav(encodeWav(pcm, 16000));
    expect(back.sampleRate).toBe(16000);
    expect(back.channels).toHaveLength(1);
    expect([...(back.channels[0] as Int16Array)]).toEqual([...pcm]);
  });

  it('interleaves two channels and pads the shorter one with silence', () => {
    const bytes = encodeWav([Int16Array.of(1, 2, 3), Int16Array.of(-1, -2)]);
    expect(new Int16Array(bytes.buffer.slice(44))).toEqual(Int16Array.of(1, -1, 2, -2, 3, 0));
    const back = decodeWav(bytes);
    expect(back.channels.map((c) => [...c])).toEqual([[1, 2, 3], [-1, -2, 0]]);
  });

  it('writes a header sox accepts, with the right duration', async () => {
    const path = join(dir, 'ours.wav');
    await writeFile(path, encodeWav(speech));
    expect(Number(execFileSync('soxi', ['-s', path]).toString())).toBe(speech.length);
    expect(Number(execFileSync('soxi', ['-r', path]).toString())).toBe(8000);
  });

  it('wavHeader describes a streaming 16-bit PCM file', () => {
    const header = new DataView(wavHeader(3200, 2, 8000).buffer);
    expect(header.getUint32(4, true)).toBe(36 + 3200);
    expect(header.getUint16(22, true)).toBe(2);
    expect(header.getUint32(28, true)).toBe(32000);
    expect(header.getUint32(40, true)).toBe(3200);
  });
});

describe('WAV files made by sox', () => {
  it('reads 8-bit unsigned within one 8-bit step', async () => {
    const { decoded } = await viaSox('u8.wav', '-b', '8', '-e', 'unsigned');
    expect(maxError(decoded.channels[0] as Int16Array, speech)).toBeLessThanOrEqual(256);
  });

  it('reads 24-bit (WAVE_FORMAT_EXTENSIBLE) exactly', async () => {
    const { bytes, decoded } = await viaSox('s24.wav', '-b', '24');
    expect(new DataView(bytes.buffer).getUint16(20, true)).toBe(0xfffe);
    expect([...(decoded.channels[0] as Int16Array)]).toEqual([...speech]);
  });

  it('reads 32-bit float exactly', async () => {
    const { decoded } = await viaSox('f32.wav', '-e', 'floating-point', '-b', '32');
    expect(maxError(decoded.channels[0] as Int16Array, speech)).toBe(0);
  });

  it('reads A-law WAV as the G.711 decode of the same audio', async () => {
    const { decoded } = await viaSox('alaw.wav', '-e', 'a-law');
    expect([...(decoded.channels[0] as Int16Array)]).toEqual([...alawDecode(alawEncode(speech))]);
  });

  it('reads stereo 44.1 kHz as two channels at 44100 Hz', async () => {
    const { decoded } = await viaSox('stereo.wav', '-r', '44100', '-c', '2');
    expect(decoded.sampleRate).toBe(44100);
    expect(decoded.channels).toHaveLength(2);
    const expected = Math.round((speech.length * 44100) / 8000);
    expect(Math.abs((decoded.channels[0] as Int16Array).length - expected)).toBeLessThanOrEqual(2);
    expect([...(decoded.channels[0] as Int16Array)]).toEqual([...(decoded.channels[1] as Int16Array)]);
  });

  it('reads a WAV ffmpeg wrote to a pipe (data size 0xFFFFFFFF, LIST chunk first)', () => {
    const piped = new Uint8Array(execFileSync('ffmpeg', ['-v', 'error', '-i', speechWav, '-f', 'wav', '-'], { maxBuffer: 1 << 26 }));
    expect(new TextDecoder().decode(piped.subarray(36, 40))).toBe('LIST');
    expect([...(decodeWav(piped).channels[0] as Int16Array)]).toEqual([...speech]);
  });

  it('reads what espeak-ng streams to stdout (data size far past the end)', async () => {
    const text = 'One two three.';
    const file = join(dir, 'file.wav');
    execFileSync('espeak-ng', ['-w', file, text]);
    const streamed = new Uint8Array(execFileSync('espeak-ng', ['--stdout', text]));
    expect(new DataView(streamed.buffer).getUint32(40, true)).toBeGreaterThan(streamed.length);
    const fromStream = decodeWav(streamed);
    expect(fromStream.sampleRate).toBe(22050);
    expect([...(fromStream.channels[0] as Int16Array)]).toEqual([...(decodeWav(await readFile(file)).channels[0] as Int16Array)]);
  });

  it('skips chunks it does not know (LIST before data)', () => {
    const plain = encodeWav(Int16Array.of(5, 6, 7));
    const list = Uint8Array.of(...[...'LIST'].map((c) => c.charCodeAt(0)), 3, 0, 0, 0, 1, 2, 3, 0);
    const withList = new Uint8Array([...plain.subarray(0, 36), ...list, ...plain.subarray(36)]);
    expect([...(decodeWav(withList).channels[0] as Int16Array)]).toEqual([5, 6, 7]);
  });
});

describe('WAV refusals', () => {
  const refuses = (bytes: Uint8Array, pattern: RegExp) => {
    let caught: unknown;
    try {
      decodeWav(bytes);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AudioFormatError);
    expect((caught as AudioFormatError).code).toBe('AUDIO_FORMAT');
    expect((caught as Error).message).toMatch(pattern);
  };

  it('rejects bytes that are not RIFF/WAVE', () => {
    refuses(new TextEncoder().encode('this is not audio at all, just text'), /not a WAV/);
    refuses(new Uint8Array(0), /not a WAV/);
  });

  it('rejects a GSM WAV (format tag 49) by naming the tag', async () => {
    const out = join(dir, 'gsm.wav');
    execFileSync('sox', [speechWav, '-e', 'gsm-full-rate', out]);
    refuses(new Uint8Array(await readFile(out)), /format tag 49/);
  });

  it('rejects a header cut before the data chunk', () => {
    refuses(encodeWav(Int16Array.of(1, 2)).subarray(0, 36), /no data chunk/);
  });

  it('rejects a fmt chunk whose block align contradicts its channels', () => {
    const bytes = encodeWav(Int16Array.of(1, 2));
    new DataView(bytes.buffer).setUint16(32, 3, true);
    refuses(bytes, /block align/);
  });
});
