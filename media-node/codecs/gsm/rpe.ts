import { abs16, add, asl, asr, multR, sat16, sub, wrap16 } from './basic-ops.js';
import { FAC, NRFAC } from './tables.js';
import { MC, XMAXC, XMC } from './frame.js';

/** Scratch for one sub-frame's RPE coding. */
export class RpeScratch {
  readonly x = new Int32Array(40);
  readonly xM = new Int16Array(13);
  readonly xMp = new Int16Array(13);
}

/** Section 4.2.15 (second part), also used by the decoder: exponent and mantissa of xmaxc, packed as exp << 4 | mant with exp biased by 4. */
function expMant(xmaxc: number): number {
  let exp = 0;
  if (xmaxc > 15) exp = (xmaxc >> 3) - 1;
  let mant = xmaxc - (exp << 3);
  if (mant === 0) {
    exp = -4;
    mant = 7;
  } else {
    while (mant <= 7) {
      mant = (mant << 1) | 1;
      exp--;
    }
    mant -= 8;
  }
  return ((exp + 4) << 4) | mant;
}

/** Section 4.2.16: the 13 decoded pulses from their 3-bit codes xMc[at..at+12]. */
function inverseQuantize(xmc: Int16Array, at: number, expMantissa: number, xMp: Int16Array): void {
  const exp = (expMantissa >> 4) - 4;
  const temp1 = FAC[expMantissa & 15]!;
  const temp2 = sub(6, exp);
  const temp3 = asl(1, sub(temp2, 1));
  for (let i = 0; i < 13; i++) {
    let t = ((xmc[at + i]! << 1) - 7) << 12;
    t = multR(temp1, t);
    t = add(t, temp3);
    xMp[i] = asr(t, temp2);
  }
}

/**
 * Sections 4.2.13-4.2.18 for one sub-frame: weighting filter, grid selection, APCM quantization,
 * then the decoder's view of the result written back over e[eAt..eAt+39] (the encoder needs it
 * to reconstruct dp). e must hold 5 zero samples on each side of the sub-frame.
 */
export function rpeEncode(e: Int16Array, eAt: number, params: Int16Array, pAt: number, sc: RpeScratch): void {
  const { x, xM, xMp } = sc;
  const w = eAt - 5;
  for (let k = 0; k < 40; k++) {
    const b = w + k;
    const sum = 4096 - 134 * (e[b]! + e[b + 10]!) - 374 * (e[b + 1]! + e[b + 9]!) + 2054 * (e[b + 3]! + e[b + 7]!) + 5741 * (e[b + 4]! + e[b + 6]!) + 8192 * e[b + 5]!;
    x[k] = sat16(sum >> 13);
  }

  let mc = 0;
  let energyMax = 0;
  for (let m = 0; m < 4; m++) {
    let sum = 0;
    for (let i = 0; i < 13; i++) {
      const t = x[m + 3 * i]! >> 2;
      sum += t * t;
    }
    if (sum > energyMax) {
      mc = m;
      energyMax = sum;
    }
  }

  let xmax = 0;
  for (let i = 0; i < 13; i++) {
    const v = x[mc + 3 * i]!;
    xM[i] = v;
    const a = abs16(v);
    if (a > xmax) xmax = a;
  }

  let exp = 0;
  let t = xmax >> 9;
  let itest = false;
  for (let i = 0; i <= 5; i++) {
    itest ||= t <= 0;
    t >>= 1;
    if (!itest) exp++;
  }
  const xmaxc = add(xmax >> (exp + 5), exp << 3);

  const expMantissa = expMant(xmaxc);
  const shift = 6 - ((expMantissa >> 4) - 4);
  const nr = NRFAC[expMantissa & 15]!;
  const xmc = pAt + XMC;
  for (let i = 0; i < 13; i++) {
    const v = wrap16(xM[i]! << shift);
    params[xmc + i] = (((v * nr) >> 15) >> 12) + 4;
  }
  params[pAt + MC] = mc;
  params[pAt + XMAXC] = xmaxc;

  inverseQuantize(params, xmc, expMantissa, xMp);
  e.fill(0, eAt, eAt + 40);
  for (let i = 0; i < 13; i++) e[eAt + mc + 3 * i] = xMp[i]!;
}

/** Section 4.3.1: the decoded residual erp[0..39] of one sub-frame. */
export function rpeDecode(params: Int16Array, pAt: number, erp: Int16Array, xMp: Int16Array): void {
  inverseQuantize(params, pAt + XMC, expMant(params[pAt + XMAXC]!), xMp);
  const mc = params[pAt + MC]!;
  erp.fill(0);
  for (let i = 0; i < 13; i++) erp[mc + 3 * i] = xMp[i]!;
}
