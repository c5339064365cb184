import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMp3, encodeMp3 } from '../../../media-node/codecs/mp3.js';
import { AudioFormatError, decodeWav, encodeWav } from '../../../media-node/codecs/wav.js';

let dir: string;
let speech: Int16Array;
let mp3Path: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ramal-mp3-'));
  const spoken = join(dir, 'spoken.wav');
  execFileSync('espeak-ng', ['-v', 'es', '-w', spoken, 'Bienvenido al sistema de correo de voz. Marque el número de su buzón y después la tecla numeral.']);
  execFileSync('sox', ['-D', spoken, '-r', '8000', join(dir, 'speech.wav')]);
  speech = decodeWav(await readFile(join(dir, 'speech.wav'))).channels[0] as Int16Array;
  mp3Path = join(dir, 'ours.mp3');
  await writeFile(mp3Path, encodeMp3(speech));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Best normalised cross-correlation over lags up to ±maxLag samples (aligns any codec delay). */
function correlation(a: Int16Array, b: Int16Array, maxLag = 1200): { lag: number; r: number } {
  let best = { lag: 0, r: -1 };
  for (let lag = -maxLag; lag <= maxLag; lag += 1) {
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let i = Math.max(0, -lag); i < a.length && i + lag < b.length; i++) {
      const x = a[i] as number;
      const y = b[i + lag] as number;
      ab += x * y;
      aa += x * x;
      bb += y * y;
    }
    const r = ab / Math.sqrt(aa * bb || 1);
    if (r > best.r) best = { lag, r };
  }
  return best;
}

function ffmpegDecode(path: string): Int16Array {
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-f', 's16le', '-ac', '1', '-ar', '8000', '-'], { maxBuffer: 1 << 26 });
  return new Int16Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length));
}

describe('encodeMp3', () => {
  it('makes a stream ffmpeg reads as 8 kHz mono MPEG audio of the right duration (within 50 ms)', () => {
    const probe = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,sample_rate,channels', '-of', 'csv=p=0', mp3Path]).toString().trim();
    expect(probe).toBe('mp3,8000,1');
    const decoded = ffmpegDecode(mp3Path);
    expect(Math.abs(decoded.length - speech.length) / 8000).toBeLessThan(0.05);
  });

  it('decoded by ffmpeg, correlates with the input speech above 0.9 once aligned', () => {
    const { r, lag } = correlation(speech, ffmpegDecode(mp3Path));
    expect(r).toBeGreaterThan(0.9);
    // The Info tag lets ffmpeg remove lame's delay, so no alignment should be needed.
    expect(Math.abs(lag)).toBeLessThanOrEqual(2);
  });

  it('is within 10% of the size lame writes at the same bit rate', async () => {
    const lamePath = join(dir, 'lame.mp3');
    execFileSync('lame', ['--quiet', '-b', '16', join(dir, 'speech.wav'), lamePath]);
    const ours = (await stat(mp3Path)).size;
    const theirs = (await stat(lamePath)).size;
    expect(ours / theirs).toBeGreaterThan(0.9);
    expect(ours / theirs).toBeLessThan(1.1);
  });

  it('uses the requested bit rate (24 kbps makes a larger file than 16)', () => {
    expect(encodeMp3(speech, { kbps: 24 }).length).toBeGreaterThan(encodeMp3(speech).length * 1.3);
  });

  it('rejects a sample rate or bit rate MP3 cannot carry', () => {
    expect(() => encodeMp3(speech, { sampleRate: 7000 })).toThrow(RangeError);
    expect(() => encodeMp3(speech, { sampleRate: 8000, kbps: 320 })).toThrow(RangeError);
  });
});

describe('decodeMp3', () => {
  it('decodes our MP3 to the exact input length and correlates above 0.9', async () => {
    const decoded = await decodeMp3(new Uint8Array(await readFile(mp3Path)));
    expect(decoded.sampleRate).toBe(8000);
    expect(decoded.channels).toHaveLength(1);
    const pcm = decoded.channels[0] as Int16Array;
    expect(pcm.length).toBe(speech.length);
    expect(correlation(speech, pcm).r).toBeGreaterThan(0.9);
  });

  it('decodes an MP3 lame made at 44.1 kHz stereo', async () => {
    const wav = join(dir, 'stereo.wav');
    const mp3 = join(dir, 'stereo.mp3');
    execFileSync('sox', [join(dir, 'speech.wav'), '-r', '44100', '-c', '2', wav]);
    execFileSync('lame', ['--quiet', '-b', '128', wav, mp3]);
    const decoded = await decodeMp3(new Uint8Array(await readFile(mp3)));
    expect(decoded.sampleRate).toBe(44100);
    expect(decoded.channels).toHaveLength(2);
    expect(Math.abs((decoded.channels[0] as Int16Array).length / 44100 - speech.length / 8000)).toBeLessThan(0.05);
  });

  it('refuses bytes that hold no MPEG audio with AudioFormatError', async () => {
    await expect(decodeMp3(encodeWav(speech))).rejects.toBeInstanceOf(AudioFormatError);
    await expect(decodeMp3(new Uint8Array(0))).rejects.toBeInstanceOf(AudioFormatError);
  });
});
