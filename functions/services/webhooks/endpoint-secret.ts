/** Standard Webhooks secrets start with this; receivers' libraries strip it before decoding. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/**
 * A new signing secret: `whsec_` and standard base64 of 32 random bytes, the form the
 * `standardwebhooks` libraries read. Uses Web Crypto so it runs on Node and workerd alike.
 */
export function newWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return WEBHOOK_SECRET_PREFIX + btoa(binary);
}

/** The longest rotation overlap: a week covers a receiver deployed only on working days. */
export const MAX_OVERLAP_HOURS = 168;

/** The secret fields after a rotation; with no overlap the old secret stops working at once. */
export function rotatedSecrets(current: string, overlapHours: number, now: Date): { secret: string; previousSecret: string | null; previousSecretUntil: Date | null } {
  const secret = newWebhookSecret();
  if (overlapHours <= 0) return { secret, previousSecret: null, previousSecretUntil: null };
  return { secret, previousSecret: current, previousSecretUntil: new Date(now.getTime() + overlapHours * 3_600_000) };
}
