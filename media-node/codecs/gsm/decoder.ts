import { add, multR } from './basic-ops.js';
import { GsmFormatError } from './errors.js';
import { FRAME_BYTES, PARAM_COUNT, SUB_BASE, SUB_STRIDE, hasMagic, unpackFrame, NC, BC } from './frame.js';
import { FRAME_SAMPLES } from '../../audio/pcm.js';
import { LongTermSynthesisState, ltpSynthesis, ltpSynthesisShift } from './long-term.js';
import { rpeDecode } from './rpe.js';
import { ShortTermState, shortTermSynthesis } from './short-term.js';

/** GSM 06.10 full-rate decoder (section 4.3), bit-exact with libgsm. Stateful like the encoder. */
export class GsmDecoder {
  private readonly lt = new LongTermSynthesisState();
  private readonly st = new ShortTermState();
  private readonly params = new Int16Array(PARAM_COUNT);
  private readonly erp = new Int16Array(40);
  private readonly xMp = new Int16Array(13);
  private readonly wt = new Int16Array(160);
  /** De-emphasis memory (section 4.3.5). */
  private msr = 0;

  decodeFrame(frame: Uint8Array): Int16Array {
    if (frame.length !== FRAME_BYTES) throw new GsmFormatError(`a GSM frame is ${FRAME_BYTES} bytes, got ${frame.length}`);
    const out = new Int16Array(FRAME_SAMPLES);
    this.decodeInto(frame, 0, out, 0);
    return out;
  }

  /** Decodes bytes[at..at+32] into out[outAt..outAt+159] without allocating. */
  decodeInto(bytes: Uint8Array, at: number, out: Int16Array, outAt: number): void {
    if (at < 0 || bytes.length - at < FRAME_BYTES) throw new GsmFormatError(`truncated GSM frame at byte ${at}`);
    if (!hasMagic(bytes, at)) throw new GsmFormatError(`GSM frame at byte ${at} lacks the 0xD signature`);
    unpackFrame(bytes, at, this.params);
    this.synthesize(this.params, out, outAt);
  }

  /** Runs the decoder on 76 parameters in transmission order (see frame.ts), each within its field width; output at out[outAt..outAt+159]. */
  synthesize(params: Int16Array, out: Int16Array, outAt: number): void {
    if (out.length - outAt < FRAME_SAMPLES) throw new RangeError('no room for 160 samples');
    const { erp, wt, lt } = this;
    for (let j = 0; j < 4; j++) {
      const p = SUB_BASE + j * SUB_STRIDE;
      rpeDecode(params, p, erp, this.xMp);
      ltpSynthesis(lt, params[p + NC]!, params[p + BC]!, erp);
      for (let k = 0; k < 40; k++) wt[j * 40 + k] = lt.drp[120 + k]!;
      ltpSynthesisShift(lt);
    }
    shortTermSynthesis(this.st, params, wt, out, outAt);
    // De-emphasis, upscaling back to 16 bits and truncation to the 13 significant bits.
    let msr = this.msr;
    for (let k = outAt; k < outAt + FRAME_SAMPLES; k++) {
      msr = add(out[k]!, multR(msr, 28180));
      out[k] = add(msr, msr) & 0xfff8;
    }
    this.msr = msr;
  }
}
