import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { newWebhookSecret, rotatedSecrets } from '../../../functions/services/webhooks/endpoint-secret.js';
import { dayPeriod, dayStart } from '../../../functions/services/webhooks/period-dates.js';

describe('webhook secrets', () => {
  it('are whsec_ and base64 of 32 random bytes, different every time', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(atob(a.slice(6))).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(a);
  });

  it('are read by the standardwebhooks library, which verifies what it signed with them', () => {
    const wh = new Webhook(newWebhookSecret());
    const at = new Date();
    const signature = wh.sign('msg_1', at, '{"type":"ping"}');
    expect(wh.verify('{"type":"ping"}', { 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature })).toEqual({ type: 'ping' });
  });

  it('keep the old secret for the overlap on rotation, or drop it with 0 hours', () => {
    const now = new Date('2026-05-01T00:00:00Z');
    expect(rotatedSecrets('whsec_old', 3, now)).toMatchObject({ previousSecret: 'whsec_old', previousSecretUntil: new Date('2026-05-01T03:00:00Z') });
    expect(rotatedSecrets('whsec_old', 0, now)).toMatchObject({ previousSecret: null, previousSecretUntil: null });
  });
});

describe('replay periods from date inputs', () => {
  it('start a day at midnight in the time zone', () => {
    expect(dayStart('2026-01-05', 'America/Sao_Paulo')?.toISOString()).toBe('2026-01-05T03:00:00.000Z');
    expect(dayStart('2026-07-01', 'Europe/Lisbon')?.toISOString()).toBe('2026-06-30T23:00:00.000Z');
    expect(dayStart('2026-01-05', 'UTC')?.toISOString()).toBe('2026-01-05T00:00:00.000Z');
  });

  it('find midnight on a day whose offset changes (daylight saving starts in Lisbon on 2026-03-29)', () => {
    expect(dayStart('2026-03-29', 'Europe/Lisbon')?.toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(dayStart('2026-03-30', 'Europe/Lisbon')?.toISOString()).toBe('2026-03-29T23:00:00.000Z');
  });

  it('include the last day picked', () => {
    expect(dayPeriod('2026-01-05', '2026-01-06', 'UTC')).toEqual({ from: '2026-01-05T00:00:00.000Z', to: '2026-01-07T00:00:00.000Z' });
  });

  it('refuse text that is not a date', () => {
    expect(dayStart('yesterday', 'UTC')).toBeNull();
    expect(dayPeriod('2026-01-05', '', 'UTC')).toBeNull();
  });
});
