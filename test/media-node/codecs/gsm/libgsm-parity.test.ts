/**
 * Our GSM 06.10 against libgsm's `toast` and `untoast`: whole files must be byte-identical, for
 * speech in two languages and for signals that drive the fixed-point arithmetic to saturation.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeGsm, encodeGsm } from '../../../../media-node/codecs/gsm/index.js';
import { firstDifference, speech, toast, untoast } from './reference.js';
import { clippedSquare, noiseRamp, randomFrames, silence, sine, whiteNoise } from './signals.js';

const SECONDS = 8000;
let dir = '';
const inputs = new Map<string, Int16Array>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ramal-gsm-parity-'));
  inputs.set('English speech', await speech(dir, 'en', 'Welcome to the voice mail system. You have three new messages. To listen to your messages, press one. To record your greeting, press two. Goodbye.'));
  inputs.set('Brazilian Portuguese speech', await speech(dir, 'pt-br', 'Bem-vindo ao correio de voz. Você tem três novas mensagens. Para ouvir suas mensagens, tecle um. Para gravar sua saudação, tecle dois. Até logo.'));
  inputs.set('silence', silence(2 * SECONDS));
  inputs.set('full-scale 1 kHz sine', sine(3 * SECONDS, 1000));
  inputs.set('white noise', whiteNoise(3 * SECONDS));
  // From silence up past the 13-bit floor: every small RPE block maximum, unscaled autocorrelation.
  inputs.set('quiet noise ramp', noiseRamp(3 * SECONDS, 1500));
  inputs.set('clipped 200 Hz square', clippedSquare(3 * SECONDS, 200));
  inputs.set('clipped 5 Hz square', clippedSquare(3 * SECONDS, 5));
  inputs.set('1000 samples (last frame padded)', sine(1000, 440, 12000));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function input(name: string): Int16Array {
  const pcm = inputs.get(name);
  if (!pcm) throw new Error(`no input ${name}`);
  return pcm;
}

const NAMES = ['English speech', 'Brazilian Portuguese speech', 'silence', 'full-scale 1 kHz sine', 'white noise', 'quiet noise ramp', 'clipped 200 Hz square', 'clipped 5 Hz square', '1000 samples (last frame padded)'];

describe.each(NAMES)('%s', (name) => {
  it('encodes to the same bytes as toast', async () => {
    const pcm = input(name);
    const slug = name.replace(/\W+/g, '-');
    const reference = await toast(dir, slug, pcm);
    const ours = encodeGsm(pcm);
    expect(ours.length).toBe(Math.ceil(pcm.length / 160) * 33);
    expect(firstDifference(ours, reference)).toBe(-1);
  });

  it('decodes toast output to the same samples as untoast', async () => {
    const pcm = input(name);
    const slug = `${name.replace(/\W+/g, '-')}-dec`;
    const gsm = await toast(dir, slug, pcm);
    const reference = await untoast(dir, slug, gsm);
    expect(firstDifference(decodeGsm(gsm), reference)).toBe(-1);
  });
});

it('speech inputs last several seconds', () => {
  expect(input('English speech').length).toBeGreaterThan(5 * SECONDS);
  expect(input('Brazilian Portuguese speech').length).toBeGreaterThan(5 * SECONDS);
});

it('decodes corrupt but well-formed frames (out-of-range lags, extreme codes) like untoast', async () => {
  const gsm = randomFrames(2000);
  const reference = await untoast(dir, 'random', gsm);
  expect(firstDifference(decodeGsm(gsm), reference)).toBe(-1);
});
