import type { CallSession } from '../session.js';
import { callEnded, KillSwitch, type Verb } from '../verb.js';

export type PauseResult = 'done' | 'hangup' | 'killed';

/** Waits; the RTP sender fills the gap with silence. */
export class PauseVerb implements Verb<PauseResult> {
  private readonly switch = new KillSwitch();

  constructor(private readonly ms: number) {}

  kill(): void {
    this.switch.kill();
  }

  exec(session: CallSession): Promise<PauseResult> {
    if (this.switch.killed) return Promise.resolve('killed');
    if (callEnded(session)) return Promise.resolve('hangup');
    const signal = this.switch.link(session);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve('done');
      }, this.ms);
      const onAbort = () => {
        clearTimeout(timer);
        resolve(this.switch.killed ? 'killed' : 'hangup');
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

export function pause({ ms }: { ms: number }): PauseVerb {
  return new PauseVerb(Math.max(0, ms));
}
