import type { CallSession } from '../ivr/session.js';
import { hangup } from '../ivr/verbs/hangup.js';
import { play } from '../ivr/verbs/play.js';
import { runVerbs } from '../ivr/verb.js';
import type { NodeLogger } from '../log.js';

/**
 * Runs a call to the central app for any call application; on failure the caller hears that the
 * service is unavailable, the call is hung up, and the answer is undefined (so `work` must not
 * resolve undefined itself).
 */
export async function central<T>(session: CallSession, log: NodeLogger, work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    log.warn('call to the central app failed: the caller was told the service is unavailable', { error: String(error) });
    await runVerbs(session, [play({ prompt: 'service-unavailable' }), hangup()]);
    return undefined;
  }
}
