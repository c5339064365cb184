import type { CallSession } from '../session.js';
import type { Verb } from '../verb.js';

/** Ends the call from our side; a queue stops after it because the session's signal aborts. */
export class HangupVerb implements Verb<'hangup'> {
  async exec(session: CallSession): Promise<'hangup'> {
    await session.hangup();
    return 'hangup';
  }

  // Hanging up is one signalling step that must finish: there is nothing to cut short.
  kill(): void {}
}

export function hangup(): HangupVerb {
  return new HangupVerb();
}
