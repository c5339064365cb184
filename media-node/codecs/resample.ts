/**
 * Band-limited sample-rate conversion by a Kaiser-windowed sinc, for prompts and imports
 * (espeak-ng speaks at 22050 Hz, uploads come at 44100/48000). Not on the real-time path.
 *
 * The kernel is tabulated once finely and interpolated, so any pair of rates works (not only ones
 * with a small common divisor) without a per-tap sin() or Bessel call.
 */

/** Zero crossings on each side of the kernel: more gives a steeper anti-aliasing edge. */
const ZEROS = 32;
/** Cutoff as a share of the lower Nyquist frequency: 8 kHz output passes up to ~3.3 kHz, stops by ~3.9 kHz. */
const ROLLOFF = 0.9;
/** Kaiser beta 7.5 gives about 77 dB of stop-band attenuation. */
const BETA = 7.5;
/** Table points per zero crossing; linear interpolation between them errs below 1e-5. */
const RESOLUTION = 512;

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

const KERNEL = (() => {
  const table = new Float64Array(ZEROS * RESOLUTION + 2);
  const norm = besselI0(BETA);
  for (let j = 0; j <= ZEROS * RESOLUTION; j++) {
    const u = j / RESOLUTION;
    const sinc = j === 0 ? 1 : Math.sin(Math.PI * u) / (Math.PI * u);
    const w = u / ZEROS;
    table[j] = (sinc * besselI0(BETA * Math.sqrt(Math.max(0, 1 - w * w)))) / norm;
  }
  return table;
})();

function checkRate(rate: number, name: string): void {
  if (!Number.isFinite(rate) || rate <= 0) throw new RangeError(`${name} must be a positive sample rate, got ${rate}`);
}

/** Converts 16-bit PCM from one sample rate to another; the output starts at the same instant. */
export function resample(pcm: Int16Array, fromRate: number, toRate: number): Int16Array {
  checkRate(fromRate, 'fromRate');
  checkRate(toRate, 'toRate');
  if (fromRate === toRate) return pcm.slice();
  const ratio = fromRate / toRate;
  // Kernel scale in zero crossings per input sample: below 1 when downsampling, widening the kernel.
  const scale = Math.min(1, toRate / fromRate) * ROLLOFF;
  const half = ZEROS / scale;
  const step = scale * RESOLUTION;
  const out = new Int16Array(Math.round((pcm.length * toRate) / fromRate));
  const last = pcm.length - 1;
  for (let n = 0; n < out.length; n++) {
    const t = n * ratio;
    const lo = Math.max(0, Math.ceil(t - half));
    const hi = Math.min(last, Math.floor(t + half));
    let acc = 0;
    for (let k = lo; k <= hi; k++) {
      const u = Math.abs(t - k) * step;
      const j = u | 0;
      const a = KERNEL[j] as number;
      acc += (pcm[k] as number) * (a + ((KERNEL[j + 1] as number) - a) * (u - j));
    }
    const v = Math.round(acc * scale);
    out[n] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}

/**
 * Averages channels into one (the usual downmix: stereo imports carry correlated left and right,
 * so a sum would clip). A shorter channel counts as silence past its end.
 */
export function toMono(channels: Int16Array[]): Int16Array {
  if (channels.length === 0) throw new RangeError('toMono needs at least one channel');
  if (channels.length === 1) return (channels[0] as Int16Array).slice();
  const length = Math.max(...channels.map((c) => c.length));
  const out = new Int16Array(length);
  for (let i = 0; i < length; i++) {
    let sum = 0;
    for (const channel of channels) sum += channel[i] ?? 0;
    out[i] = Math.round(sum / channels.length);
  }
  return out;
}
