import type { CallSession } from '../session.js';
import { callEnded, KillSwitch, type Verb } from '../verb.js';

export type GatherReason = 'max' | 'terminator' | 'timeout' | 'hangup' | 'killed';

export interface GatherResult {
  /** The digits typed, without the terminator. */
  digits: string;
  reason: GatherReason;
}

export interface GatherOptions {
  maxDigits: number;
  firstDigitTimeoutMs?: number;
  interDigitTimeoutMs?: number;
  /** Ends the input early; '' for none. */
  terminator?: string;
  /** Played first; the first digit cuts it short (barge-in) and counts as input. */
  prompt?: Verb<unknown>;
}

export class GatherError extends Error {
  constructor(readonly code: 'GATHER_INVALID', message: string) {
    super(message);
    this.name = 'GatherError';
  }
}

/** Collects DTMF digits, reading first those the caller typed ahead. */
export class GatherVerb implements Verb<GatherResult> {
  private readonly switch = new KillSwitch();
  private prompt: Verb<unknown> | undefined;

  constructor(private readonly options: GatherOptions) {
    this.prompt = options.prompt;
  }

  kill(): void {
    this.switch.kill();
    this.prompt?.kill();
  }

  async exec(session: CallSession): Promise<GatherResult> {
    const { maxDigits, firstDigitTimeoutMs = 5000, interDigitTimeoutMs = 3000, terminator = '#' } = this.options;
    let digits = '';
    const stop = (): GatherResult | null =>
      this.switch.killed ? { digits, reason: 'killed' } : callEnded(session) ? { digits, reason: 'hangup' } : null;
    const early = stop();
    if (early) return early;

    if (this.prompt && session.digits.size === 0) {
      const prompt = this.prompt;
      const off = session.digits.onDigit(() => prompt.kill());
      try {
        await prompt.exec(session);
      } finally {
        off();
      }
    }

    const signal = this.switch.link(session);
    while (digits.length < maxDigits) {
      const next = await session.digits.next(digits ? interDigitTimeoutMs : firstDigitTimeoutMs, signal);
      if (next === 'aborted') return stop() ?? { digits, reason: 'hangup' };
      if (next === 'timeout') return callEnded(session) ? { digits, reason: 'hangup' } : { digits, reason: 'timeout' };
      if (terminator !== '' && next === terminator) return { digits, reason: 'terminator' };
      digits += next;
    }
    return { digits, reason: 'max' };
  }
}

export function gather(options: GatherOptions): GatherVerb {
  if (!Number.isInteger(options.maxDigits) || options.maxDigits < 1) {
    throw new GatherError('GATHER_INVALID', `maxDigits must be a positive integer, got ${options.maxDigits}`);
  }
  if (options.terminator !== undefined && options.terminator.length > 1) {
    throw new GatherError('GATHER_INVALID', 'terminator must be one key or empty');
  }
  return new GatherVerb(options);
}
