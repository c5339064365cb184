import type { NodeLogger } from '../log.js';

export type LeaveReason = 'left' | 'removed' | 'ended';

export interface MemberSnapshot {
  id: string;
  muted: boolean;
  listenOnly: boolean;
  talking: boolean;
  joinedAt: Date;
  /** Levels in dB: how loud the member is to the others, and what the member hears. */
  inputGainDb: number;
  outputGainDb: number;
}

export interface ConferenceEvents {
  joined: MemberSnapshot;
  left: { id: string; reason: LeaveReason };
  talking: { id: string; talking: boolean };
  ended: { at: Date };
}

type Listener<K extends keyof ConferenceEvents> = (event: ConferenceEvents[K]) => void;

/** Typed listeners; one that throws is logged and the others still hear the event. */
export class ConferenceEmitter {
  private readonly listeners = new Map<keyof ConferenceEvents, Set<(event: never) => void>>();

  constructor(private readonly log: NodeLogger) {}

  on<K extends keyof ConferenceEvents>(type: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<K extends keyof ConferenceEvents>(type: K, event: ConferenceEvents[K]): void {
    const set = this.listeners.get(type);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<K>)(event);
      } catch (err) {
        this.log.error('conference listener failed', { type, err: String(err), stack: (err as Error)?.stack });
      }
    }
  }
}
