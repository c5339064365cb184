/** RFC 3261 §17 timer bases; tests shorten them, production keeps the defaults. */
export interface SipTimers {
  T1: number;
  T2: number;
  T4: number;
}

export const DEFAULT_TIMERS: SipTimers = { T1: 500, T2: 4000, T4: 5000 };

/**
 * Sends at 0, then after T1, 2·T1, 4·T1 … capped at `cap` (timers A/E/G), until stopped or `giveUpAfter`
 * elapsed (timers B/F/H), when `onGiveUp` runs. Returns the stop function.
 */
export function retransmit(send: () => void, timers: SipTimers, options: { cap?: number; giveUpAfter: number; onGiveUp?: () => void; resend: boolean }): () => void {
  let interval = timers.T1;
  let retransmitTimer: NodeJS.Timeout | undefined;
  const schedule = () => {
    retransmitTimer = setTimeout(() => {
      send();
      interval = Math.min(interval * 2, options.cap ?? Number.POSITIVE_INFINITY);
      schedule();
    }, interval);
  };
  send();
  if (options.resend) schedule();
  const giveUp = setTimeout(() => {
    clearTimeout(retransmitTimer);
    options.onGiveUp?.();
  }, options.giveUpAfter);
  return () => {
    clearTimeout(retransmitTimer);
    clearTimeout(giveUp);
  };
}
