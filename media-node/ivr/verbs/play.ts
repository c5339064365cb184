import { toFrames } from '../../audio/pcm.js';
import { readWavFile } from '../../prompts/wav-file.js';
import type { CallSession } from '../session.js';
import { callEnded, KillSwitch, type Verb } from '../verb.js';

export type PlayResult = 'done' | 'interrupted' | 'hangup' | 'killed';

export interface PlayOptions {
  /** A prompt id from the catalogue, spoken in the session's language. */
  prompt?: string;
  /** A WAV file of any rate and channel count. */
  file?: string;
  pcm?: Int16Array;
  /** A digit stops the audio; the digit stays buffered for the next gather. */
  bargeIn?: boolean;
}

export class PlayError extends Error {
  constructor(readonly code: 'PLAY_NO_SOURCE', message: string) {
    super(message);
    this.name = 'PlayError';
  }
}

/**
 * Sends audio to the caller and waits until the last frame left. Shared by `play` and `say`:
 * `source` loads the PCM once the verb runs (null plays nothing).
 */
export class AudioVerb implements Verb<PlayResult> {
  private readonly switch = new KillSwitch();

  constructor(
    private readonly source: (session: CallSession) => Promise<Int16Array | null>,
    private readonly bargeIn: boolean,
  ) {}

  kill(): void {
    this.switch.kill();
  }

  async exec(session: CallSession): Promise<PlayResult> {
    if (this.switch.killed) return 'killed';
    if (callEnded(session)) return 'hangup';
    // Type-ahead: a caller who already answered does not hear the question.
    if (this.bargeIn && session.digits.size > 0) return 'interrupted';
    const pcm = await this.source(session);
    if (this.switch.killed) return 'killed';
    if (callEnded(session)) return 'hangup';
    if (!pcm || pcm.length === 0) return 'done';

    const signal = this.switch.link(session);
    const local = new AbortController();
    const stopOnDigit = this.bargeIn
      ? session.digits.onDigit(() => {
          // Frames already queued for a prompt the caller answered must not keep playing.
          session.media.clearOutput();
          local.abort();
        })
      : () => {};
    try {
      const result = await session.media.send(toFrames(pcm), AbortSignal.any([signal, local.signal]));
      if (result === 'sent') return 'done';
      if (result === 'closed' || callEnded(session)) return 'hangup';
      if (this.switch.killed) {
        session.media.clearOutput();
        return 'killed';
      }
      // A digit (barge-in) or another clearOutput cut the audio short.
      return 'interrupted';
    } finally {
      stopOnDigit();
    }
  }
}

export function play(options: PlayOptions): AudioVerb {
  const { prompt, file, pcm } = options;
  if (prompt === undefined && file === undefined && pcm === undefined) {
    throw new PlayError('PLAY_NO_SOURCE', 'play needs a prompt, a file or pcm');
  }
  return new AudioVerb(async (session) => {
    if (pcm) return pcm;
    if (file !== undefined) {
      try {
        return await readWavFile(file);
      } catch (error) {
        // A bad or missing file must not break the call: the caller hears nothing and the operator a warning.
        session.log.warn('play file unreadable', { file, error: String(error) });
        return null;
      }
    }
    return session.prompts.get(prompt as string, session.language, session.siteLanguage);
  }, options.bargeIn ?? false);
}
