import { SAMPLE_RATE } from '../audio/pcm.js';

export interface ToneOptions {
  frequency?: number;
  ms?: number;
  /** Peak amplitude, 0–32767. */
  amplitude?: number;
}

/**
 * A sine tone with 5 ms fades, so it starts and stops without a click. Defaults: the 1 kHz,
 * 250 ms beep callers expect before recording, about 10 dB below full scale.
 */
export function tone({ frequency = 1000, ms = 250, amplitude = 10_000 }: ToneOptions = {}): Int16Array {
  const length = Math.round((SAMPLE_RATE * ms) / 1000);
  const fade = Math.min(Math.round(SAMPLE_RATE * 0.005), Math.floor(length / 2));
  const pcm = new Int16Array(length);
  for (let i = 0; i < length; i++) {
    const envelope = Math.min(1, (i + 1) / (fade + 1), (length - i) / (fade + 1));
    pcm[i] = Math.round(amplitude * envelope * Math.sin((2 * Math.PI * frequency * i) / SAMPLE_RATE));
  }
  return pcm;
}

export function beep(): Int16Array {
  return tone();
}
