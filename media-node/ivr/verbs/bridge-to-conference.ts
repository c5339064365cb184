import type { CallMedia } from '../../media/call-media.js';
import type { CallSession } from '../session.js';
import { KillSwitch, whenAborted, type Verb } from '../verb.js';

export interface ConferenceMember {
  id: string;
  media: CallMedia;
  listenOnly?: boolean;
  muted?: boolean;
}

/** The mixer's side of a conference; `signal` aborts when the member's call ends or the verb is killed. */
export interface ConferenceBridge {
  join(member: ConferenceMember, signal: AbortSignal): Promise<'left' | 'removed' | 'ended'>;
}

export type BridgeResult = 'left' | 'removed' | 'ended' | 'hangup' | 'killed';

export interface BridgeOptions {
  conference: ConferenceBridge;
  /** Defaults to the session id. */
  memberId?: string;
  listenOnly?: boolean;
  muted?: boolean;
}

/** Hands the call's media to a conference and waits until the member is out of it. */
export class BridgeToConferenceVerb implements Verb<BridgeResult> {
  private readonly switch = new KillSwitch();

  constructor(private readonly options: BridgeOptions) {}

  kill(): void {
    this.switch.kill();
  }

  async exec(session: CallSession): Promise<BridgeResult> {
    if (this.switch.killed) return 'killed';
    if (session.signal.aborted || session.media.closed) return 'hangup';
    const signal = this.switch.link(session);
    const { conference, memberId, listenOnly, muted } = this.options;
    const joined = conference.join({ id: memberId ?? session.id, media: session.media, listenOnly, muted }, signal);
    // A mixer slow to notice the abort must not hold the call's script.
    const outcome = await Promise.race([joined, whenAborted(signal).then(() => null)]);
    joined.catch((error: unknown) => session.log.warn('conference join failed after leaving', { error: String(error) }));
    if (outcome !== null) return outcome;
    return this.switch.killed ? 'killed' : 'hangup';
  }
}

export function bridgeToConference(options: BridgeOptions): BridgeToConferenceVerb {
  return new BridgeToConferenceVerb(options);
}
