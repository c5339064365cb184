import { abs16, add, div, mult, multR, norm } from './basic-ops.js';
import { LAR_A, LAR_B, LAR_MAC, LAR_MIC } from './tables.js';

/** Scratch for one analysis; one per encoder so a frame allocates nothing. */
export class LpcScratch {
  readonly acf = new Int32Array(9);
  readonly p = new Int16Array(9);
  readonly k = new Int16Array(9);
}

/**
 * Section 4.2.4: autocorrelation of the pre-processed frame after scaling it to avoid overflow.
 * The frame is scaled back in place afterwards, losing the low bits exactly as the reference does;
 * the short-term filter then works on that rounded signal.
 */
function autocorrelation(s: Int16Array, acf: Int32Array): void {
  let smax = 0;
  for (let k = 0; k < 160; k++) {
    const t = abs16(s[k]!);
    if (t > smax) smax = t;
  }
  const scalauto = smax === 0 ? 0 : 4 - norm(smax << 16);
  if (scalauto > 0) {
    const factor = 16384 >> (scalauto - 1);
    for (let k = 0; k < 160; k++) s[k] = multR(s[k]!, factor);
  }
  // Scaled samples are at most 2048, so every sum stays inside 32 bits.
  for (let lag = 0; lag <= 8; lag++) {
    let sum = 0;
    for (let i = lag; i < 160; i++) sum += s[i]! * s[i - lag]!;
    acf[lag] = sum * 2;
  }
  if (scalauto > 0) for (let k = 0; k < 160; k++) s[k] = s[k]! << scalauto;
}

/** Section 4.2.5: reflection coefficients by the Schur recursion in 16-bit arithmetic. */
function reflectionCoefficients(sc: LpcScratch, r: Int16Array): void {
  const { acf, p, k: kk } = sc;
  if (acf[0] === 0) {
    r.fill(0);
    return;
  }
  const shift = norm(acf[0]!);
  for (let i = 0; i <= 8; i++) p[i] = (acf[i]! << shift) >> 16;
  for (let i = 1; i <= 7; i++) kk[i] = p[i]!;
  for (let n = 1; n <= 8; n++) {
    const t = abs16(p[1]!);
    if (p[0]! < t) {
      r.fill(0, n - 1);
      return;
    }
    let rn = div(t, p[0]!);
    if (p[1]! > 0) rn = -rn;
    r[n - 1] = rn;
    if (n === 8) return;
    p[0] = add(p[0]!, multR(p[1]!, rn));
    for (let m = 1; m <= 8 - n; m++) {
      const pNext = p[m + 1]!;
      p[m] = add(pNext, multR(kk[m]!, rn));
      kk[m] = add(kk[m]!, multR(pNext, rn));
    }
  }
}

/**
 * Sections 4.2.4-4.2.7: from the pre-processed frame to the 8 coded log-area ratios (stored as
 * LARc - MIC, so each fits its unsigned field). `s` is rescaled in place as a side effect.
 */
export function lpcAnalysis(s: Int16Array, sc: LpcScratch, larc: Int16Array): void {
  autocorrelation(s, sc.acf);
  reflectionCoefficients(sc, larc);
  for (let i = 0; i < 8; i++) {
    const r = larc[i]!;
    let t = abs16(r);
    if (t < 22118) t >>= 1;
    else if (t < 31130) t -= 11059;
    else t = (t - 26112) << 2;
    const lar = r < 0 ? -t : t;
    let q = mult(LAR_A[i]!, lar);
    q = add(q, LAR_B[i]!);
    q = add(q, 256) >> 9;
    const mic = LAR_MIC[i]!;
    const mac = LAR_MAC[i]!;
    larc[i] = q > mac ? mac - mic : q < mic ? 0 : q - mic;
  }
}
