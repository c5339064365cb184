/**
 * What one HTTP attempt of a webhook delivery means: success, try again later, or give up (and
 * whether the endpoint must be turned off). Pure, so every rule is tested without a network.
 */
import { OutboundError, type OutboundResponse } from './outbound-http.js';
import { nextAttemptAt, parseRetryAfter } from './retry-schedule.js';

/** An endpoint failing without a single success for longer than this is turned off. */
export const FAILING_DISABLE_AFTER_MS = 5 * 24 * 3_600_000;

export const EXCERPT_MAX_BYTES = 1024;

export type DisableReason = 'gone' | 'failing';

export interface AttemptVerdict {
  outcome: 'succeeded' | 'retrying' | 'failed';
  statusCode: number | null;
  /** Why there was no usable answer (no answer, refused, redirect, disabled); null for a plain status. */
  error: string | null;
  responseExcerpt: string;
  /** Set when the endpoint must be disabled by this attempt. */
  disable: DisableReason | null;
  /** When to try again; set only for 'retrying'. */
  retryAt: Date | null;
}

export interface AttemptInput {
  /** The answer, or why none came. */
  result: { response: OutboundResponse } | { error: OutboundError };
  /** Which attempt of the current round this was (1-based; a replay starts again at 1). */
  roundAttempt: number;
  now: Date;
  /** The endpoint's first failure since its last success, before this attempt. */
  failingSince: Date | null;
  random?: () => number;
}

/** Cuts text to at most EXCERPT_MAX_BYTES of UTF-8 without splitting a character. */
export function excerpt(text: string): string {
  const bytes = new TextEncoder().encode(text);
  if (bytes.byteLength <= EXCERPT_MAX_BYTES) return text;
  // A character cut in half decodes as U+FFFD, which is dropped.
  return new TextDecoder().decode(bytes.subarray(0, EXCERPT_MAX_BYTES)).replace(/\uFFFD+$/, '');
}

function failure(input: AttemptInput, statusCode: number | null, error: string | null, responseExcerpt: string, retryAfter: Date | null, retryable = true): AttemptVerdict {
  const since = input.failingSince ?? input.now;
  if (input.now.getTime() - since.getTime() > FAILING_DISABLE_AFTER_MS) {
    return { outcome: 'failed', statusCode, error: error ?? 'failing for more than 5 days: endpoint disabled', responseExcerpt, disable: 'failing', retryAt: null };
  }
  const retryAt = retryable ? nextAttemptAt(input.roundAttempt, input.now, retryAfter, input.random) : null;
  return { outcome: retryAt ? 'retrying' : 'failed', statusCode, error, responseExcerpt, disable: null, retryAt };
}

export function judgeAttempt(input: AttemptInput): AttemptVerdict {
  if ('error' in input.result) {
    const err = input.result.error;
    // A refused address or a broken URL will be just as refused on every retry.
    return failure(input, null, err.message, '', null, err.code !== 'ADDRESS_REFUSED' && err.code !== 'BAD_URL');
  }
  const { status, headers, bodyExcerpt } = input.result.response;
  const text = excerpt(bodyExcerpt);
  if (status >= 200 && status < 300) return { outcome: 'succeeded', statusCode: status, error: null, responseExcerpt: text, disable: null, retryAt: null };
  if (status === 410) return { outcome: 'failed', statusCode: status, error: '410 Gone: endpoint disabled', responseExcerpt: text, disable: 'gone', retryAt: null };
  const error = status >= 300 && status < 400 ? `redirect to ${headers.location ?? '(no location)'} not followed` : null;
  return failure(input, status, error, text, parseRetryAfter(headers['retry-after'], input.now));
}
