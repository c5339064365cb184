/**
 * What a webhook request carries (Standard Webhooks 1.0): the JSON body and the webhook-* headers.
 * Signing goes through the reference `standardwebhooks` package so receivers using it (or any
 * other conforming library) verify exactly what was signed.
 */
import { Webhook } from 'standardwebhooks';

export interface SignableEvent {
  id: string;
  type: string;
  occurredAt: Date;
  payload: Record<string, unknown>;
}

export interface SigningSecrets {
  secret: string;
  previousSecret: string | null;
  previousSecretUntil: Date | null;
}

export function webhookBody(event: SignableEvent): string {
  return JSON.stringify({ type: event.type, timestamp: event.occurredAt.toISOString(), data: event.payload });
}

/**
 * The webhook-signature value: `v1,<sig>` with the current secret and, during a rotation's overlap,
 * a second one with the previous secret so a receiver not yet updated still verifies.
 */
export function signatureHeader(secrets: SigningSecrets, webhookId: string, sentAt: Date, body: string): string {
  const signatures = [new Webhook(secrets.secret).sign(webhookId, sentAt, body)];
  if (secrets.previousSecret && secrets.previousSecretUntil && secrets.previousSecretUntil.getTime() > sentAt.getTime()) {
    signatures.push(new Webhook(secrets.previousSecret).sign(webhookId, sentAt, body));
  }
  return signatures.join(' ');
}

/** All headers of one attempt; webhook-id is the event id, the same on every retry and replay. */
export function webhookHeaders(secrets: SigningSecrets, event: SignableEvent, body: string, sentAt: Date, version: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': `Ramal-Webhooks/${version}`,
    'webhook-id': event.id,
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'webhook-signature': signatureHeader(secrets, event.id, sentAt, body),
  };
}
