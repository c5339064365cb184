import { FRAME_SAMPLES } from '../../audio/pcm.js';
import { add } from './basic-ops.js';
import { GsmFormatError } from './errors.js';
import { FRAME_BYTES, PARAM_COUNT, SUB_BASE, SUB_STRIDE, packFrame } from './frame.js';
import { LpcScratch, lpcAnalysis } from './lpc-analysis.js';
import { ltpFilter, ltpParameters } from './long-term.js';
import { PreprocessState, preprocess } from './preprocess.js';
import { RpeScratch, rpeEncode } from './rpe.js';
import { ShortTermState, shortTermAnalysis } from './short-term.js';

/**
 * GSM 06.10 full-rate encoder (section 4.2), bit-exact with libgsm's default mode. Stateful: the
 * filters carry over from frame to frame, so one encoder serves one continuous stream.
 */
export class GsmEncoder {
  private readonly pre = new PreprocessState();
  private readonly st = new ShortTermState();
  private readonly lpc = new LpcScratch();
  private readonly rpe = new RpeScratch();
  private readonly so = new Int16Array(160);
  /** Reconstructed short-term residual: 120 past samples, then the current frame. */
  private readonly dp = new Int16Array(280);
  /** Long-term residual of a sub-frame with 5 samples of zero margin each side for the weighting filter. */
  private readonly e = new Int16Array(50);
  private readonly wt = new Int16Array(40);
  private readonly corr = new Int32Array(81);
  private readonly params = new Int16Array(PARAM_COUNT);
  /** The 8 LARc at the head of params, written by the analysis. */
  private readonly larc = this.params.subarray(0, 8);

  encodeFrame(pcm: Int16Array): Uint8Array {
    if (pcm.length !== FRAME_SAMPLES) throw new GsmFormatError(`a GSM frame is ${FRAME_SAMPLES} samples, got ${pcm.length}`);
    const out = new Uint8Array(FRAME_BYTES);
    this.encodeInto(pcm, 0, out, 0);
    return out;
  }

  /** Encodes pcm[at..at+159] into out[outAt..outAt+32] without allocating. */
  encodeInto(pcm: Int16Array, at: number, out: Uint8Array, outAt: number): void {
    if (out.length - outAt < FRAME_BYTES) throw new RangeError('no room for a 33-byte GSM frame');
    packFrame(this.analyze(pcm, at), out, outAt);
  }

  /**
   * Runs the codec on pcm[at..at+159] and returns its 76 parameters in transmission order (see
   * frame.ts). The array is reused by the next call; other packings (WAV49) start from here.
   */
  analyze(pcm: Int16Array, at: number): Int16Array {
    if (at < 0 || pcm.length - at < FRAME_SAMPLES) throw new GsmFormatError(`a GSM frame needs ${FRAME_SAMPLES} samples, got ${Math.max(0, pcm.length - at)}`);
    const { so, dp, e, params } = this;
    preprocess(this.pre, pcm, at, so);
    lpcAnalysis(so, this.lpc, this.larc);
    shortTermAnalysis(this.st, this.larc, so);
    for (let j = 0; j < 4; j++) {
      const p = SUB_BASE + j * SUB_STRIDE;
      const dAt = j * 40;
      const dpAt = 120 + dAt;
      const ltp = ltpParameters(so, dAt, dp, dpAt, this.wt, this.corr);
      const nc = ltp & 0xff;
      const bc = ltp >> 8;
      params[p] = nc;
      params[p + 1] = bc;
      ltpFilter(bc, nc, so, dAt, dp, dpAt, e, 5);
      rpeEncode(e, 5, params, p, this.rpe);
      for (let i = 0; i < 40; i++) dp[dpAt + i] = add(e[5 + i]!, dp[dpAt + i]!);
    }
    dp.copyWithin(0, 160, 280);
    return params;
  }
}
