import { describe, expect, it } from 'vitest';
import { localToUtc, utcToLocal } from '../../../functions/services/conference/local-time.js';

describe('local date-times in a site time zone', () => {
  it("reads the form's local time in the site's zone", () => {
    expect(localToUtc('2026-12-01T10:00', 'America/Sao_Paulo')?.toISOString()).toBe('2026-12-01T13:00:00.000Z');
    expect(localToUtc('2026-07-01T10:00', 'Europe/Lisbon')?.toISOString()).toBe('2026-07-01T09:00:00.000Z');
    expect(localToUtc('2026-01-01T10:00', 'Europe/Lisbon')?.toISOString()).toBe('2026-01-01T10:00:00.000Z');
  });

  it('moves a time inside a DST gap forward with the clock', () => {
    // Lisbon jumps from 01:00 to 02:00 on 2026-03-29.
    expect(localToUtc('2026-03-29T01:30', 'Europe/Lisbon')?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('writes an instant back as the local time the form shows', () => {
    expect(utcToLocal(new Date('2026-12-01T13:00:00Z'), 'America/Sao_Paulo')).toBe('2026-12-01T10:00');
  });

  it('refuses text that is not a local date-time', () => {
    expect(localToUtc('tomorrow', 'UTC')).toBeNull();
    expect(localToUtc('2026-12-01', 'UTC')).toBeNull();
  });
});
