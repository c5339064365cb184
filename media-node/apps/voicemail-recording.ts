import { FRAME_MS, toFrames } from '../audio/pcm.js';
import type { CallSession } from '../ivr/session.js';
import { beep } from '../ivr/tones.js';
import { callEnded } from '../ivr/verb.js';

export type StreamReason = 'digit' | 'silence' | 'max' | 'hangup';

export interface StreamRecordOptions {
  maxSeconds: number;
  /** Continuous silence that ends the recording. */
  silenceSeconds: number;
  /** Mean absolute sample value under which a frame is silence (as the record verb: 200). */
  silenceThreshold?: number;
  /** Keys that end it. */
  endOnDigits: string;
}

export interface StreamRecordResult {
  reason: StreamReason;
  /** Audio handed to `write`, after the trims below. */
  keptMs: number;
}

/** The tone and click of the key that ended a recording, cut from its end. */
const DIGIT_TRIM_FRAMES = Math.ceil(200 / FRAME_MS);

function silent(frame: Int16Array, threshold: number): boolean {
  let sum = 0;
  for (const s of frame) sum += Math.abs(s);
  return sum / (frame.length || 1) < threshold;
}

/**
 * Beeps, then hands the caller's audio to `write` as it arrives (a spool writer puts it on disk,
 * so a hang-up or a crash keeps what was said). Only what may yet be cut is held back: the last
 * 200 ms (a key press) and a run of silence (trailing silence is not kept). A crash therefore
 * loses at most that silence and 200 ms; a hang-up loses nothing but the trailing silence.
 */
export async function recordStreaming(session: CallSession, write: (frame: Int16Array) => void, options: StreamRecordOptions): Promise<StreamRecordResult> {
  if (callEnded(session)) return { reason: 'hangup', keptMs: 0 };
  const sent = await session.media.send(toFrames(beep()), session.signal);
  if (sent !== 'sent' || callEnded(session)) return { reason: 'hangup', keptMs: 0 };
  // Keys pressed during the greeting were meant to skip it, not to end this recording.
  session.digits.clear();

  const threshold = options.silenceThreshold ?? 200;
  const maxFrames = Math.max(1, Math.round((options.maxSeconds * 1000) / FRAME_MS));
  const silenceFrames = Math.max(1, Math.round((options.silenceSeconds * 1000) / FRAME_MS));
  const held: Int16Array[] = [];
  let silentRun = 0;
  let total = 0;
  let kept = 0;
  const flush = (leave: number) => {
    while (held.length > leave) {
      write(held.shift() as Int16Array);
      kept++;
    }
  };

  return new Promise<StreamRecordResult>((resolve) => {
    let done = false;
    const finish = (reason: StreamReason) => {
      if (done) return;
      done = true;
      offAudio();
      offDigit();
      clearTimeout(wallClock);
      session.signal.removeEventListener('abort', onAbort);
      // Trailing silence is never kept; a key also takes its own tone with it.
      const drop = reason === 'digit' ? Math.max(silentRun, DIGIT_TRIM_FRAMES) : reason === 'max' ? 0 : silentRun;
      held.splice(Math.max(0, held.length - drop));
      flush(0);
      resolve({ reason, keptMs: kept * FRAME_MS });
    };
    const offAudio = session.media.onAudio((frame) => {
      held.push(frame.slice());
      total++;
      if (silent(frame, threshold)) silentRun++;
      else {
        silentRun = 0;
        flush(DIGIT_TRIM_FRAMES);
      }
      if (total >= maxFrames) finish('max');
      else if (silentRun >= silenceFrames) finish('silence');
    });
    const offDigit = session.digits.onDigit((digit) => {
      if (!options.endOnDigits.includes(digit)) return;
      session.digits.take();
      finish('digit');
    });
    const onAbort = () => finish('hangup');
    session.signal.addEventListener('abort', onAbort, { once: true });
    // Frames stop if the media dies unannounced; the clock still ends the recording.
    const wallClock = setTimeout(() => finish(callEnded(session) ? 'hangup' : 'max'), options.maxSeconds * 1000 + 2000);
  });
}
