/** Waits after the 1st, 2nd… failed attempt; past the last one the message fails for good (about 9 hours in all). */
export const MAIL_RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 6 * 3_600_000] as const;

/** A provider's Retry-After is honoured up to this; beyond it, our own schedule decides. */
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/**
 * How long to wait after failed attempt number `attempt` (1-based), or null when it was the last.
 * Jitter of ±20 % keeps many messages failing together from all coming back at the same moment.
 */
export function mailRetryDelay(attempt: number, retryAfterMs?: number, random: () => number = Math.random): number | null {
  const base = MAIL_RETRY_DELAYS_MS[attempt - 1];
  if (base === undefined) return null;
  const jittered = Math.round(base * (0.8 + 0.4 * random()));
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
}
