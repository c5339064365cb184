import type { CallMedia } from '../media/call-media.js';
import type { NodeLogger } from '../log.js';
import type { PromptLibrary } from '../prompts/library.js';
import type { PromptLanguage } from '../prompts/languages.js';
import { DigitBuffer } from './digit-buffer.js';

export type { PromptLanguage } from '../prompts/languages.js';
export { DigitBuffer } from './digit-buffer.js';

export interface CallSession {
  readonly id: string;
  readonly language: PromptLanguage;
  readonly siteLanguage: PromptLanguage;
  readonly timeZone: string;
  readonly media: CallMedia;
  readonly prompts: PromptLibrary;
  readonly log: NodeLogger;
  /** Aborted when the call ends, whoever ended it. */
  readonly signal: AbortSignal;
  /** Digits received since the session started and not yet consumed by a gather. */
  readonly digits: DigitBuffer;
  hangup(): Promise<void>;
}

export interface CallSessionOptions {
  id: string;
  language: PromptLanguage;
  siteLanguage: PromptLanguage;
  timeZone: string;
  media: CallMedia;
  prompts: PromptLibrary;
  log: NodeLogger;
  /** Ends the call in signalling (BYE); the session calls it at most once. */
  onHangup?: () => Promise<void>;
}

export class SessionError extends Error {
  constructor(readonly code: 'INVALID_TIME_ZONE', message: string) {
    super(message);
    this.name = 'SessionError';
  }
}

/** The session plus `end`, which the SIP side calls when the far end hangs up (BYE, CANCEL, RTP timeout). */
export interface CallSessionHandle extends CallSession {
  end(reason?: string): void;
}

export function createCallSession(options: CallSessionOptions): CallSessionHandle {
  try {
    new Intl.DateTimeFormat('en', { timeZone: options.timeZone });
  } catch {
    throw new SessionError('INVALID_TIME_ZONE', `unknown time zone ${options.timeZone}`);
  }
  const controller = new AbortController();
  const digits = new DigitBuffer(options.media);
  const log = options.log.child({ call: options.id });
  let hangingUp: Promise<void> | undefined;

  const end = (reason = 'ended') => {
    if (controller.signal.aborted) return;
    log.debug('session ended', { reason });
    digits.dispose();
    controller.abort(reason);
  };

  return {
    id: options.id,
    language: options.language,
    siteLanguage: options.siteLanguage,
    timeZone: options.timeZone,
    media: options.media,
    prompts: options.prompts,
    log,
    signal: controller.signal,
    digits,
    end,
    hangup() {
      hangingUp ??= (async () => {
        try {
          await options.onHangup?.();
        } catch (error) {
          log.warn('hangup signalling failed', { error: String(error) });
        } finally {
          end('hangup');
        }
      })();
      return hangingUp;
    },
  };
}
