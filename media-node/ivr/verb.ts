import type { CallSession } from './session.js';

/** One step of an IVR script. `kill()` makes a running (or the next) `exec` settle promptly. */
export interface Verb<T = void> {
  exec(session: CallSession): Promise<T>;
  kill(): void;
}

/**
 * What each verb keeps to be killable: an abort signal tied to its own kill() and to the call's
 * end. A kill before exec still counts, so a queue torn down early never starts the verb's audio.
 */
export class KillSwitch {
  private readonly controller = new AbortController();

  kill(): void {
    this.controller.abort('killed');
  }

  get killed(): boolean {
    return this.controller.signal.aborted;
  }

  /** Aborts on kill or when the call ends. */
  link(session: CallSession): AbortSignal {
    return AbortSignal.any([this.controller.signal, session.signal]);
  }
}

/** True once the call is gone, whether or not the SIP side has told the session yet. */
export function callEnded(session: CallSession): boolean {
  return session.signal.aborted || session.media.closed;
}

/** Resolves when `signal` aborts; for racing work that does not take a signal itself. */
export function whenAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/**
 * Runs verbs one after another and returns their results. When the call ends the running verb is
 * killed and the rest of the queue is skipped; a verb that throws stops the queue and rethrows.
 */
export async function runVerbs(session: CallSession, verbs: Verb<unknown>[]): Promise<unknown[]> {
  const results: unknown[] = [];
  let current: Verb<unknown> | undefined;
  const onEnd = () => current?.kill();
  session.signal.addEventListener('abort', onEnd, { once: true });
  try {
    for (const verb of verbs) {
      if (callEnded(session)) break;
      current = verb;
      results.push(await verb.exec(session));
    }
  } finally {
    current = undefined;
    session.signal.removeEventListener('abort', onEnd);
  }
  return results;
}
