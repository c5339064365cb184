/**
 * When a failed webhook delivery is tried again. The delays follow the Standard Webhooks example
 * (about a day and a half in all); jitter spreads the retries of many deliveries that failed
 * together (a CRM that was down) so they do not all arrive at the same second when it returns.
 */
export const RETRY_DELAYS_MS: readonly number[] = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000, 24 * 3_600_000];

/** Attempts per round (the first one and one after each delay); a replay starts a new round. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

export const JITTER = 0.2;

/** A receiver may ask for a later retry, but not for one beyond the longest delay. */
export const RETRY_AFTER_CAP_MS = 24 * 3_600_000;

/** Delay after failed attempt `attempt` (1-based) of a round, ±20 %; null once no attempt is left. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number | null {
  const base = RETRY_DELAYS_MS[attempt - 1];
  if (base === undefined || attempt < 1) return null;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}

/**
 * A Retry-After header as a time: delta-seconds or an HTTP-date (RFC 9110 §10.2.3). Anything else
 * is ignored, as is a date in the past.
 */
export function parseRetryAfter(value: string | undefined, now: Date): Date | null {
  if (!value) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return new Date(now.getTime() + Number(text) * 1000);
  // An HTTP-date always names the weekday and GMT; this keeps Date.parse from guessing at junk.
  if (!/^[A-Za-z]{3},? .*GMT$/.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/**
 * When to try again after failed attempt `attempt` of a round, or null when the round is over.
 * Retry-After wins when it is later than the schedule, up to RETRY_AFTER_CAP_MS from now.
 */
export function nextAttemptAt(attempt: number, now: Date, retryAfter: Date | null, random: () => number = Math.random): Date | null {
  const delay = retryDelayMs(attempt, random);
  if (delay === null) return null;
  const scheduled = now.getTime() + delay;
  if (!retryAfter) return new Date(scheduled);
  const asked = Math.min(retryAfter.getTime(), now.getTime() + RETRY_AFTER_CAP_MS);
  return new Date(Math.max(scheduled, asked));
}
