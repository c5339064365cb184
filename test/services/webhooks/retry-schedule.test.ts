import { describe, expect, it } from 'vitest';
import { excerpt, FAILING_DISABLE_AFTER_MS, judgeAttempt } from '../../../functions/services/webhooks/deliver-attempt.js';
import { OutboundError } from '../../../functions/services/webhooks/outbound-http.js';
import { MAX_ATTEMPTS, nextAttemptAt, parseRetryAfter, RETRY_DELAYS_MS, retryDelayMs } from '../../../functions/services/webhooks/retry-schedule.js';

const now = new Date('2026-03-01T12:00:00Z');
const answer = (status: number, headers: Record<string, string> = {}, bodyExcerpt = '') => ({ response: { status, headers, bodyExcerpt } });

describe('retry schedule', () => {
  it('waits 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 24 h after attempts 1 to 7 and gives up after the 8th', () => {
    const half = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n, half))).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 86_400_000]);
    expect(MAX_ATTEMPTS).toBe(8);
    expect(retryDelayMs(8, half)).toBeNull();
  });

  it('spreads each delay by at most 20 % either way', () => {
    expect(retryDelayMs(2, () => 0)).toBe(240_000);
    expect(retryDelayMs(2, () => 0.999999)).toBeCloseTo(360_000, -1);
    for (let i = 0; i < 200; i++) {
      const d = retryDelayMs(3)!;
      expect(d).toBeGreaterThanOrEqual(RETRY_DELAYS_MS[2]! * 0.8);
      expect(d).toBeLessThanOrEqual(RETRY_DELAYS_MS[2]! * 1.2);
    }
  });

  it('reads Retry-After as seconds or as an HTTP-date, and ignores junk', () => {
    expect(parseRetryAfter('120', now)?.getTime()).toBe(now.getTime() + 120_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 13:00:00 GMT', now)?.toISOString()).toBe('2026-03-01T13:00:00.000Z');
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });

  it('honours a Retry-After later than the schedule, capped at 24 h, and ignores an earlier one', () => {
    const half = () => 0.5;
    expect(nextAttemptAt(1, now, new Date(now.getTime() + 120_000), half)?.getTime()).toBe(now.getTime() + 120_000);
    expect(nextAttemptAt(1, now, new Date(now.getTime() + 7 * 86_400_000), half)?.getTime()).toBe(now.getTime() + 86_400_000);
    expect(nextAttemptAt(3, now, new Date(now.getTime() + 1_000), half)?.getTime()).toBe(now.getTime() + 1_800_000);
  });
});

describe('attempt verdict', () => {
  const base = { roundAttempt: 1, now, failingSince: null, random: () => 0.5 };

  it('counts any 2xx as success', () => {
    expect(judgeAttempt({ ...base, result: answer(202) }).outcome).toBe('succeeded');
  });

  it('disables on 410 without retrying', () => {
    const v = judgeAttempt({ ...base, result: answer(410) });
    expect(v).toMatchObject({ outcome: 'failed', disable: 'gone', retryAt: null });
  });

  it('retries a 3xx and logs where it pointed', () => {
    const v = judgeAttempt({ ...base, result: answer(302, { location: 'http://elsewhere.example/' }) });
    expect(v.outcome).toBe('retrying');
    expect(v.error).toBe('redirect to http://elsewhere.example/ not followed');
  });

  it('fails a refused address at once instead of retrying', () => {
    const v = judgeAttempt({ ...base, result: { error: new OutboundError('127.0.0.1 is a loopback address', 'ADDRESS_REFUSED') } });
    expect(v).toMatchObject({ outcome: 'failed', retryAt: null, disable: null, error: '127.0.0.1 is a loopback address' });
  });

  it('retries a timeout', () => {
    const v = judgeAttempt({ ...base, result: { error: new OutboundError('no answer within 15 s', 'TIMEOUT') } });
    expect(v.outcome).toBe('retrying');
    expect(v.retryAt?.getTime()).toBe(now.getTime() + 5_000);
  });

  it('gives up after the 8th attempt of a round', () => {
    expect(judgeAttempt({ ...base, roundAttempt: 8, result: answer(500) })).toMatchObject({ outcome: 'failed', retryAt: null, disable: null });
  });

  it('disables an endpoint failing for more than 5 days, but not one failing for less', () => {
    const longAgo = new Date(now.getTime() - FAILING_DISABLE_AFTER_MS - 1);
    expect(judgeAttempt({ ...base, failingSince: longAgo, result: answer(500) })).toMatchObject({ outcome: 'failed', disable: 'failing' });
    expect(judgeAttempt({ ...base, failingSince: new Date(now.getTime() - 4 * 86_400_000), result: answer(500) })).toMatchObject({ outcome: 'retrying', disable: null });
  });

  it('keeps at most 1 KB of the answer without splitting a character', () => {
    const long = 'é'.repeat(1000);
    const cut = excerpt(long);
    expect(new TextEncoder().encode(cut).byteLength).toBeLessThanOrEqual(1024);
    expect(cut).toBe('é'.repeat(512));
    expect(excerpt('short')).toBe('short');
  });
});
