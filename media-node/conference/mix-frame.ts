import { FRAME_SAMPLES } from '../audio/pcm.js';

const MAX = 32767;
const MIN = -32768;

/** Clamps to int16: a loud room flattens at full scale instead of wrapping into noise. */
export function saturate(value: number): number {
  return value > MAX ? MAX : value < MIN ? MIN : value;
}

/** Writes `input × factor` into `out` (rounded), the member's share of the room. */
export function scaleInto(input: Int16Array, factor: number, out: Int32Array): void {
  if (factor === 1) {
    for (let i = 0; i < FRAME_SAMPLES; i++) out[i] = input[i]!;
    return;
  }
  for (let i = 0; i < FRAME_SAMPLES; i++) out[i] = Math.round(input[i]! * factor);
}

export function addInto(total: Int32Array, part: Int32Array): void {
  for (let i = 0; i < FRAME_SAMPLES; i++) total[i] = total[i]! + part[i]!;
}

/**
 * One listener's frame: the room's total minus the listener's own share (N−1: nobody hears
 * themself), times the listener's level, plus any prompts playing to them, saturated. The sum is
 * kept in 32 bits until this last step so the subtraction is exact even when the total clips.
 */
export function renderFor(total: Int32Array, own: Int32Array | undefined, factor: number, promptA?: Int16Array, promptB?: Int16Array): Int16Array {
  const out = new Int16Array(FRAME_SAMPLES);
  for (let i = 0; i < FRAME_SAMPLES; i++) {
    let v = own ? total[i]! - own[i]! : total[i]!;
    if (factor !== 1) v = Math.round(v * factor);
    if (promptA) v += promptA[i] ?? 0;
    if (promptB) v += promptB[i] ?? 0;
    out[i] = saturate(v);
  }
  return out;
}

/** The whole room as a recording hears it: everyone who contributes, saturated. */
export function renderTotal(total: Int32Array): Int16Array {
  const out = new Int16Array(FRAME_SAMPLES);
  for (let i = 0; i < FRAME_SAMPLES; i++) out[i] = saturate(total[i]!);
  return out;
}
