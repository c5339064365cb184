import { SAMPLE_RATE, toFrames } from '../audio/pcm.js';
import type { DtmfDigit } from '../media/call-media.js';
import { dtmfFrequencies } from './digits.js';

/** Per-tone peak amplitude; about −10 dBm0 each, the usual sending level, far from clipping together. */
export const DTMF_TONE_AMPLITUDE = 7000;

export function dtmfTone(digit: DtmfDigit, durationMs: number, options: { amplitude?: number; lowAmplitude?: number; highAmplitude?: number } = {}): Int16Array {
  const [low, high] = dtmfFrequencies(digit);
  const a = options.amplitude ?? DTMF_TONE_AMPLITUDE;
  const aLow = options.lowAmplitude ?? a;
  const aHigh = options.highAmplitude ?? a;
  const samples = Math.round((SAMPLE_RATE * durationMs) / 1000);
  const out = new Int16Array(samples);
  const wLow = (2 * Math.PI * low) / SAMPLE_RATE;
  const wHigh = (2 * Math.PI * high) / SAMPLE_RATE;
  for (let i = 0; i < samples; i++) {
    const v = aLow * Math.sin(wLow * i) + aHigh * Math.sin(wHigh * i);
    out[i] = Math.max(-32768, Math.min(32767, Math.round(v)));
  }
  return out;
}

/** A digit as 20 ms frames: tone then a pause, so a detector sees the release before the next digit. */
export function dtmfToneFrames(digit: DtmfDigit, durationMs = 100, pauseMs = 60): Int16Array[] {
  const tone = dtmfTone(digit, durationMs);
  const pcm = new Int16Array(tone.length + Math.round((SAMPLE_RATE * pauseMs) / 1000));
  pcm.set(tone);
  return toFrames(pcm);
}
