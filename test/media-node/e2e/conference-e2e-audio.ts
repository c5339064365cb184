/** Test-side signals and scoring for the conference calls: prompt tones, noise, correlation. */
/**
 * Prompts replaced by pure tones, one frequency each, so a caller's capture tells which prompt it
 * heard. Kept clear of the room's entry/exit tones (880/440 Hz) and the 1 kHz beep.
 */
export const PROMPT_TONES = {
  'conference-enter-pin': 500, 'invalid-pin': 560, 'too-many-attempts': 620, 'conference-closed': 680, 'conference-full': 740,
  'conference-locked': 800, 'conference-unlocked': 1060, 'conference-you-were-removed': 1120, 'conference-ended': 1180, goodbye: 1240,
  'conference-only-participant': 1300, 'conference-admin-menu': 1360, 'conference-all-muted': 1420, 'conference-all-unmuted': 1480,
  'conference-participant-removed': 1540, 'conference-menu-closed': 1600, 'conference-invalid': 1660, 'invalid-option': 1720,
} as const;
export type PromptId = keyof typeof PROMPT_TONES;

/** Deterministic white noise (xorshift), RMS about 2300: orthogonal to any other seed's. */
export function noise(ms: number, seed: number): Int16Array {
  const out = new Int16Array((ms * 8000) / 1000);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < out.length; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out[i] = ((x / 0xffffffff) * 2 - 1) * 4000;
  }
  return out;
}


/** Goertzel power of `frequency` against the whole power, in 100 ms windows; true if one is mostly that tone. */
export function toneHeard(pcm: Int16Array, frequency: number, share = 0.6): boolean {
  const n = 800;
  const k = 2 * Math.cos((2 * Math.PI * frequency) / 8000);
  for (let at = 0; at + n <= pcm.length; at += 400) {
    let s1 = 0, s2 = 0, energy = 0;
    for (let i = at; i < at + n; i++) {
      const x = pcm[i]!;
      const s = x + k * s1 - s2;
      s2 = s1; s1 = s;
      energy += x * x;
    }
    if (energy < n * 500 * 500) continue;
    const power = s1 * s1 + s2 * s2 - k * s1 * s2;
    if ((2 * power) / n / energy > share) return true;
  }
  return false;
}

/** In-place radix-2 FFT (inverse by conjugation at the caller). */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const angle = (-2 * Math.PI) / len;
    const wr = Math.cos(angle), wi = Math.sin(angle);
    for (let i = 0; i < n; i += len) {
      let cr = 1, ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k, b = a + len / 2;
        const xr = re[b]! * cr - im[b]! * ci, xi = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - xr; im[b] = im[a]! - xi;
        re[a] = re[a]! + xr; im[a] = im[a]! + xi;
        const next = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = next;
      }
    }
  }
}

/** The lag where `needle` best matches `haystack` (normalized correlation, every lag, by FFT). */
export function locate(haystack: Int16Array, needle: Int16Array): { lag: number; correlation: number } {
  if (haystack.length < needle.length) needle = needle.subarray(0, haystack.length);
  let size = 1;
  while (size < haystack.length + needle.length) size <<= 1;
  const hr = new Float64Array(size), hi = new Float64Array(size), nr = new Float64Array(size), ni = new Float64Array(size);
  hr.set(haystack);
  nr.set(needle);
  fft(hr, hi);
  fft(nr, ni);
  // H · conj(N), inverse-transformed by conjugating before and after a forward FFT.
  for (let i = 0; i < size; i++) {
    const r = hr[i]! * nr[i]! + hi[i]! * ni[i]!, m = hi[i]! * nr[i]! - hr[i]! * ni[i]!;
    hr[i] = r; hi[i] = -m;
  }
  fft(hr, hi);
  const prefix = new Float64Array(haystack.length + 1);
  for (let i = 0; i < haystack.length; i++) prefix[i + 1] = prefix[i]! + haystack[i]! * haystack[i]!;
  let needleEnergy = 0;
  for (const x of needle) needleEnergy += x * x;
  let best = { lag: 0, correlation: 0 };
  for (let lag = 0; lag + needle.length <= haystack.length; lag++) {
    const e = prefix[lag + needle.length]! - prefix[lag]!;
    if (e <= 0 || needleEnergy <= 0) continue;
    const c = hr[lag]! / size / Math.sqrt(e * needleEnergy);
    if (c > best.correlation) best = { lag, correlation: c };
  }
  return best;
}

function correlationAt(haystack: Int16Array, needle: Int16Array, lag: number): number {
  let dot = 0, a2 = 0, b2 = 0;
  for (let i = 0; i < needle.length && lag + i < haystack.length; i++) {
    const a = haystack[lag + i]!, b = needle[i]!;
    dot += a * b; a2 += a * a; b2 += b * b;
  }
  return a2 && b2 ? dot / Math.sqrt(a2 * b2) : 0;
}

/**
 * How much of `sent` is in `received`: the median, over 250 ms pieces of `sent`, of each piece's
 * best correlation within ±60 ms of where the previous piece was found (frames a busy node drops
 * shift the rest by 20 ms). One voice among two in a mix scores about 0.7, among three about 0.58;
 * a signal that is absent scores under 0.1 (the best of ~1000 lags of noise against 2000 samples).
 */
export function presence(received: Int16Array, sent: Int16Array, piece = 2000): number {
  let expected = locate(received, sent).lag;
  const scores: number[] = [];
  for (let at = 0; at + piece <= sent.length; at += piece) {
    const needle = sent.subarray(at, at + piece);
    let best = { lag: 0, c: -1 };
    for (let lag = Math.max(0, expected + at - 480); lag <= expected + at + 480 && lag < received.length; lag++) {
      const c = correlationAt(received, needle, lag);
      if (c > best.c) best = { lag, c };
    }
    scores.push(best.c);
    if (best.c > 0.3) expected = best.lag - at;
  }
  scores.sort((a, b) => a - b);
  return scores[Math.floor(scores.length / 2)] ?? 0;
}

