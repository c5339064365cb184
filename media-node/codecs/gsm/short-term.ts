import { abs16, add, multR, sub } from './basic-ops.js';
import { LAR_B, LAR_INVA, LAR_MIC } from './tables.js';

/**
 * Sections 4.2.8-4.2.10 and 4.3.3-4.3.4: the short-term (LPC lattice) filter. Encoder and decoder
 * each keep one of these: the decoded log-area ratios of the previous frame (for interpolation at
 * the frame start) and the lattice memory.
 */
export class ShortTermState {
  prev = new Int16Array(8);
  cur = new Int16Array(8);
  readonly larp = new Int16Array(8);
  readonly rp = new Int16Array(8);
  /** Lattice memory: u[0..7] for analysis, v[0..8] for synthesis. */
  readonly mem = new Int16Array(9);
}

function decodeLar(larc: Int16Array, larpp: Int16Array): void {
  for (let i = 0; i < 8; i++) {
    let t = add(larc[i]!, LAR_MIC[i]!) << 10;
    t = sub(t, LAR_B[i]! * 2);
    t = multR(LAR_INVA[i]!, t);
    larpp[i] = add(t, t);
  }
}

/** Interpolated LARs for one of the four segments of the frame, turned into reflection coefficients. */
function segmentCoefficients(st: ShortTermState, segment: number): void {
  const { prev, cur, larp, rp } = st;
  for (let i = 0; i < 8; i++) {
    const a = prev[i]!;
    const b = cur[i]!;
    if (segment === 0) larp[i] = add(add(a >> 2, b >> 2), a >> 1);
    else if (segment === 1) larp[i] = add(a >> 1, b >> 1);
    else if (segment === 2) larp[i] = add(add(a >> 2, b >> 2), b >> 1);
    else larp[i] = b;
    const v = larp[i]!;
    const t = abs16(v);
    const m = t < 11059 ? t << 1 : t < 20070 ? t + 11059 : add(t >> 2, 26112);
    rp[i] = v < 0 ? -m : m;
  }
}

/** Segment boundaries of the interpolation: samples 0-12, 13-26, 27-39, 40-159. */
const SEGMENT_END = [13, 27, 40, 160] as const;

function startFrame(st: ShortTermState, larc: Int16Array): void {
  const older = st.prev;
  st.prev = st.cur;
  st.cur = older;
  decodeLar(larc, st.cur);
}

/** Filters the frame s in place into the short-term residual d. */
export function shortTermAnalysis(st: ShortTermState, larc: Int16Array, s: Int16Array): void {
  startFrame(st, larc);
  const u = st.mem;
  const rp = st.rp;
  let k = 0;
  for (let seg = 0; seg < 4; seg++) {
    segmentCoefficients(st, seg);
    for (const end = SEGMENT_END[seg]!; k < end; k++) {
      let di = s[k]!;
      let sav = di;
      for (let i = 0; i < 8; i++) {
        const ui = u[i]!;
        const rpi = rp[i]!;
        u[i] = sav;
        sav = add(ui, multR(rpi, di));
        di = add(di, multR(rpi, ui));
      }
      s[k] = di;
    }
  }
}

/** Rebuilds the signal from the residual wt into sr[srAt..srAt+159]; only larc[0..7] are read. */
export function shortTermSynthesis(st: ShortTermState, larc: Int16Array, wt: Int16Array, sr: Int16Array, srAt: number): void {
  startFrame(st, larc);
  const v = st.mem;
  const rrp = st.rp;
  let k = 0;
  for (let seg = 0; seg < 4; seg++) {
    segmentCoefficients(st, seg);
    for (const end = SEGMENT_END[seg]!; k < end; k++) {
      let sri = wt[k]!;
      for (let i = 7; i >= 0; i--) {
        const r = rrp[i]!;
        sri = sub(sri, multR(r, v[i]!));
        v[i + 1] = add(v[i]!, multR(r, sri));
      }
      v[0] = sri;
      sr[srAt + k] = sri;
    }
  }
}
