import { FRAME_MS, joinFrames, toFrames } from '../../audio/pcm.js';
import type { DtmfDigit } from '../../media/call-media.js';
import type { CallSession } from '../session.js';
import { beep as beepTone } from '../tones.js';
import { callEnded, KillSwitch, type Verb } from '../verb.js';

export type RecordReason = 'digit' | 'silence' | 'max' | 'hangup' | 'killed';

export interface RecordResult {
  pcm: Int16Array;
  reason: RecordReason;
  digit?: DtmfDigit;
}

export interface RecordOptions {
  beep?: boolean;
  maxSeconds: number;
  /** Ends after this much continuous silence; off when absent. */
  silenceSeconds?: number;
  /** Mean absolute sample value under which a frame counts as silence (default 200, about -44 dBFS). */
  silenceThreshold?: number;
  /** Keys that end the recording; '' for none. */
  endOnDigits?: string;
  /** Audio cut from the end when a key ended it: the tone and the click of the key press (default 200 ms). */
  digitTrimMs?: number;
}

export class RecordError extends Error {
  constructor(readonly code: 'RECORD_INVALID', message: string) {
    super(message);
    this.name = 'RecordError';
  }
}

function meanLevel(frame: Int16Array): number {
  let sum = 0;
  for (const s of frame) sum += Math.abs(s);
  return sum / (frame.length || 1);
}

/** Records the caller. Whatever was captured is returned, also on hangup: callers decide, audio is never lost. */
export class RecordVerb implements Verb<RecordResult> {
  private readonly switch = new KillSwitch();

  constructor(private readonly options: RecordOptions) {}

  kill(): void {
    this.switch.kill();
  }

  async exec(session: CallSession): Promise<RecordResult> {
    const o = this.options;
    const empty = new Int16Array(0);
    if (this.switch.killed) return { pcm: empty, reason: 'killed' };
    if (callEnded(session)) return { pcm: empty, reason: 'hangup' };
    const signal = this.switch.link(session);
    if (o.beep ?? true) {
      const sent = await session.media.send(toFrames(beepTone()), signal);
      if (sent !== 'sent') return { pcm: empty, reason: this.switch.killed ? 'killed' : 'hangup' };
    }
    // Keys pressed before the beep were meant for the menu, not to end this recording.
    session.digits.clear();

    const frames: Int16Array[] = [];
    const maxFrames = Math.max(1, Math.round((o.maxSeconds * 1000) / FRAME_MS));
    const silenceFrames = o.silenceSeconds ? Math.max(1, Math.round((o.silenceSeconds * 1000) / FRAME_MS)) : Infinity;
    const threshold = o.silenceThreshold ?? 200;
    const endKeys = o.endOnDigits ?? '#';
    let silentRun = 0;

    return new Promise<RecordResult>((resolve) => {
      const finish = (reason: RecordReason, digit?: DtmfDigit) => {
        offAudio();
        offDigit();
        clearTimeout(wallClock);
        signal.removeEventListener('abort', onAbort);
        let keep = frames.length;
        if (reason === 'silence') keep -= silentRun;
        if (reason === 'digit') keep -= Math.ceil((o.digitTrimMs ?? 200) / FRAME_MS);
        const pcm = joinFrames(frames.slice(0, Math.max(0, keep)));
        resolve(digit ? { pcm, reason, digit } : { pcm, reason });
      };
      const offAudio = session.media.onAudio((frame) => {
        // Copied: the RTP side may reuse its frame buffers.
        frames.push(frame.slice());
        silentRun = meanLevel(frame) < threshold ? silentRun + 1 : 0;
        if (frames.length >= maxFrames) finish('max');
        else if (silentRun >= silenceFrames) finish('silence');
      });
      const offDigit = session.digits.onDigit((digit) => {
        if (!endKeys.includes(digit)) return;
        session.digits.take();
        finish('digit', digit);
      });
      const onAbort = () => finish(this.switch.killed ? 'killed' : 'hangup');
      signal.addEventListener('abort', onAbort, { once: true });
      // Frames stop coming if the media dies unannounced; the clock still ends the recording.
      const wallClock = setTimeout(() => finish(callEnded(session) ? 'hangup' : 'max'), o.maxSeconds * 1000 + 2000);
      if (signal.aborted) onAbort();
    });
  }
}

export function record(options: RecordOptions): RecordVerb {
  if (!(options.maxSeconds > 0)) throw new RecordError('RECORD_INVALID', 'maxSeconds must be positive');
  if (options.silenceSeconds !== undefined && !(options.silenceSeconds > 0)) {
    throw new RecordError('RECORD_INVALID', 'silenceSeconds must be positive');
  }
  return new RecordVerb(options);
}
