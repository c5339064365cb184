import { describe, expect, it } from 'vitest';
import { mailRetryDelay, MAIL_RETRY_DELAYS_MS } from '../../../functions/services/mail/retry-schedule.js';

describe('mailRetryDelay', () => {
  it('follows 1 min, 5 min, 30 min, 2 h, 6 h within ±20 %', () => {
    expect(MAIL_RETRY_DELAYS_MS).toEqual([60_000, 300_000, 1_800_000, 7_200_000, 21_600_000]);
    MAIL_RETRY_DELAYS_MS.forEach((base, i) => {
      expect(mailRetryDelay(i + 1, undefined, () => 0)).toBe(base * 0.8);
      expect(mailRetryDelay(i + 1, undefined, () => 1)).toBe(base * 1.2);
    });
  });

  it('gives up after the fifth retry', () => {
    expect(mailRetryDelay(6)).toBeNull();
  });

  it('honours a longer Retry-After, but never beyond a day', () => {
    expect(mailRetryDelay(1, 3_600_000, () => 0.5)).toBe(3_600_000);
    expect(mailRetryDelay(1, 1_000, () => 0.5)).toBe(60_000);
    expect(mailRetryDelay(1, 10 * 86_400_000, () => 0.5)).toBe(86_400_000);
  });
});
