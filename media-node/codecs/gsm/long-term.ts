import { abs16, add, mult, multR, norm, sub } from './basic-ops.js';
import { DLB, QLB } from './tables.js';

/**
 * Section 4.2.11: lag Nc (40..120) and coded gain bc (0..3) of one 40-sample sub-frame.
 * d[dAt..dAt+39] is the short-term residual; dp[dpAt-120..dpAt-1] the reconstructed past residual.
 * Returns Nc | bc << 8 so the hot path allocates nothing; wt (40) and corr (81) are scratch.
 */
export function ltpParameters(d: Int16Array, dAt: number, dp: Int16Array, dpAt: number, wt: Int16Array, corr: Int32Array): number {
  let dmax = 0;
  for (let k = 0; k < 40; k++) {
    const t = abs16(d[dAt + k]!);
    if (t > dmax) dmax = t;
  }
  const temp = dmax === 0 ? 0 : norm(dmax << 16);
  const scal = temp > 6 ? 0 : 6 - temp;
  for (let k = 0; k < 40; k++) wt[k] = d[dAt + k]! >> scal;

  // Scaled to at most 9 bits, 40 products against 16-bit samples cannot overflow 32 bits.
  // Sample-major order: each weight is loaded once and zero weights (quiet passages) cost nothing.
  corr.fill(0);
  for (let k = 0; k < 40; k++) {
    const w = wt[k]!;
    if (w === 0) continue;
    const base = dpAt + k - 40;
    for (let l = 0; l <= 80; l++) corr[l] = corr[l]! + w * dp[base - l]!;
  }
  let lMax = 0;
  let nc = 40;
  for (let l = 0; l <= 80; l++) {
    if (corr[l]! > lMax) {
      nc = 40 + l;
      lMax = corr[l]!;
    }
  }
  lMax = (lMax * 2) >> (6 - scal);

  let lPower = 0;
  const base = dpAt - nc;
  for (let k = 0; k < 40; k++) {
    const t = dp[base + k]! >> 3;
    lPower += t * t;
  }
  lPower *= 2;

  let bc: number;
  if (lMax <= 0) bc = 0;
  else if (lMax >= lPower) bc = 3;
  else {
    const shift = norm(lPower);
    const r = (lMax << shift) >> 16;
    const s = (lPower << shift) >> 16;
    for (bc = 0; bc <= 2; bc++) if (r <= mult(s, DLB[bc]!)) break;
  }
  return nc | (bc << 8);
}

/**
 * Section 4.2.12: the prediction dpp (written at dp[dpAt..], where the reconstruction will go)
 * and the long-term residual e[eAt..eAt+39].
 */
export function ltpFilter(bc: number, nc: number, d: Int16Array, dAt: number, dp: Int16Array, dpAt: number, e: Int16Array, eAt: number): void {
  const bp = QLB[bc]!;
  for (let k = 0; k < 40; k++) {
    const dpp = multR(bp, dp[dpAt + k - nc]!);
    dp[dpAt + k] = dpp;
    e[eAt + k] = sub(d[dAt + k]!, dpp);
  }
}

/** Decoder memory of section 4.3.2: the last valid lag and the 120 past reconstructed samples. */
export class LongTermSynthesisState {
  nrp = 40;
  /** drp[0..119] is the past, drp[120..159] the sub-frame being built. */
  readonly drp = new Int16Array(160);
}

/** Section 4.3.2: adds the prediction to the decoded residual erp, output at drp[120..159]. */
export function ltpSynthesis(st: LongTermSynthesisState, ncr: number, bcr: number, erp: Int16Array): void {
  // An out-of-range lag (possible only in a corrupted frame) reuses the last good one.
  const nr = ncr < 40 || ncr > 120 ? st.nrp : ncr;
  st.nrp = nr;
  const brp = QLB[bcr]!;
  const drp = st.drp;
  for (let k = 0; k < 40; k++) {
    drp[120 + k] = add(erp[k]!, multR(brp, drp[120 + k - nr]!));
  }
}

/** Moves the window on by one sub-frame once its output has been taken. */
export function ltpSynthesisShift(st: LongTermSynthesisState): void {
  st.drp.copyWithin(0, 40, 160);
}
