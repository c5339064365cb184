import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES, toFrames } from '../../../media-node/audio/pcm.js';
import { rms, room, type Joined } from './fake-member.js';

/** espeak-ng speech at 8 kHz, as a caller's voice would reach the mixer. */
function speech(): Int16Array {
  const dir = mkdtempSync(join(tmpdir(), 'ramal-conf-speech-'));
  try {
    const wav = join(dir, 'speech.wav');
    execFileSync('espeak-ng', ['-v', 'en', '-w', wav, 'Good morning everyone, the quarterly numbers are in and they look fine.']);
    execFileSync('sox', [wav, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', join(dir, 'speech.raw')]);
    const buf = readFileSync(join(dir, 'speech.raw'));
    return new Int16Array(buf.buffer, buf.byteOffset, buf.length >> 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Stationary white noise at a given RMS, from a fixed seed so every run is the same. */
function whiteNoise(samples: number, level: number): Int16Array {
  let seed = 12345;
  const uniform = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  return Int16Array.from({ length: samples }, () => Math.round(uniform() * level * Math.sqrt(3)));
}

const energyDb = (frames: Int16Array[]) => 20 * Math.log10(rms(frames.flatMap((f) => [...f])) || 1e-9);

describe('noise suppression', () => {
  const clean = speech();
  const lead = 8000 * 2; // two seconds of background alone before the speech, and after it
  const voice = new Int16Array(lead * 2 + clean.length);
  voice.set(clean, lead);
  const noisy = whiteNoise(voice.length, 150).map((n, i) => n + voice[i]!);
  const cleanFrames = toFrames(voice);
  const inFrames = toFrames(noisy);
  // Where the voice is clearly present, and where there is nothing but the background.
  const speaking = cleanFrames.map((f) => rms(f) > 600);
  const backgroundOnly = cleanFrames.map((f, i) => rms(f) === 0 && i > 25);

  async function heardBy(suppress: boolean): Promise<Int16Array[]> {
    const r = room({ noiseSuppression: suppress });
    const [speaker, listener] = [r.join('speaker'), r.join('listener')] as [Joined, Joined];
    for (let t = 0; t < inFrames.length; t++) await r.step([speaker, listener], { speaker: inFrames }, t);
    return listener.media.sent;
  }

  it('lowers a stationary background by at least 10 dB while the member is silent', async () => {
    const off = await heardBy(false);
    const on = await heardBy(true);
    const pick = (frames: Int16Array[]) => frames.filter((_, i) => backgroundOnly[i]);
    expect(pick(off).length).toBeGreaterThan(100);
    expect(energyDb(pick(off)) - energyDb(pick(on))).toBeGreaterThanOrEqual(10);
  });

  it('keeps the speech: within 1 dB over the frames where the member speaks', async () => {
    const on = await heardBy(true);
    const pick = (frames: Int16Array[]) => frames.filter((_, i) => speaking[i]);
    expect(pick(inFrames).length).toBeGreaterThan(50);
    expect(Math.abs(energyDb(pick(on)) - energyDb(pick(inFrames)))).toBeLessThan(1);
  });

  it('passes the background untouched when suppression is off', async () => {
    const off = await heardBy(false);
    expect(off.map((f) => [...f])).toEqual(inFrames.map((f) => [...f]));
    expect(off[0]).toHaveLength(FRAME_SAMPLES);
  });
});
