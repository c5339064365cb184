import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret } from '../../../functions/services/webhooks/endpoint-secret.js';
import { signatureHeader, webhookBody, webhookHeaders } from '../../../functions/services/webhooks/signing.js';

const event = { id: 'evt-1', type: 'voicemail.received', occurredAt: new Date('2026-01-02T03:04:05.000Z'), payload: { mailbox: '200', seconds: 12 } };
const sentAt = new Date();

function verify(secret: string, body: string, headers: Record<string, string>): boolean {
  try {
    new Webhook(secret).verify(body, headers);
    return true;
  } catch {
    return false;
  }
}

describe('webhook signing', () => {
  it('builds the body as { type, timestamp, data } with the time the event happened', () => {
    expect(JSON.parse(webhookBody(event))).toEqual({ type: 'voicemail.received', timestamp: '2026-01-02T03:04:05.000Z', data: { mailbox: '200', seconds: 12 } });
  });

  it('sends the event id as webhook-id and the send time in Unix seconds', () => {
    const headers = webhookHeaders({ secret: newWebhookSecret(), previousSecret: null, previousSecretUntil: null }, event, webhookBody(event), sentAt, '1.2.3');
    expect(headers['webhook-id']).toBe('evt-1');
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(sentAt.getTime() / 1000)));
    expect(headers['user-agent']).toBe('Ramal-Webhooks/1.2.3');
    expect(headers['content-type']).toBe('application/json');
  });

  it('verifies with the standardwebhooks package and fails with another secret', () => {
    const secret = newWebhookSecret();
    const body = webhookBody(event);
    const headers = webhookHeaders({ secret, previousSecret: null, previousSecretUntil: null }, event, body, sentAt, 'test');
    expect(verify(secret, body, headers)).toBe(true);
    expect(verify(newWebhookSecret(), body, headers)).toBe(false);
  });

  it('fails verification when one byte of the body changes', () => {
    const secret = newWebhookSecret();
    const body = webhookBody(event);
    const headers = webhookHeaders({ secret, previousSecret: null, previousSecretUntil: null }, event, body, sentAt, 'test');
    expect(verify(secret, body.replace('200', '201'), headers)).toBe(false);
  });

  it('signs with both secrets during a rotation overlap, each verifying', () => {
    const secret = newWebhookSecret();
    const previousSecret = newWebhookSecret();
    const body = webhookBody(event);
    const header = signatureHeader({ secret, previousSecret, previousSecretUntil: new Date(sentAt.getTime() + 60_000) }, event.id, sentAt, body);
    expect(header.split(' ')).toHaveLength(2);
    expect(header.split(' ').every((s) => s.startsWith('v1,'))).toBe(true);
    const headers = { 'webhook-id': event.id, 'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)), 'webhook-signature': header };
    expect(verify(secret, body, headers)).toBe(true);
    expect(verify(previousSecret, body, headers)).toBe(true);
  });

  it('drops the previous secret once its overlap has ended', () => {
    const previousSecret = newWebhookSecret();
    const body = webhookBody(event);
    const header = signatureHeader({ secret: newWebhookSecret(), previousSecret, previousSecretUntil: new Date(sentAt.getTime() - 1) }, event.id, sentAt, body);
    expect(header.split(' ')).toHaveLength(1);
    const headers = { 'webhook-id': event.id, 'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)), 'webhook-signature': header };
    expect(verify(previousSecret, body, headers)).toBe(false);
  });
});
