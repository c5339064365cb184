import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret } from '../../functions/services/webhooks/endpoint-secret.js';
import { jobs, webhookAttempts, webhookDeliveries } from '../../schema/index.js';
import type { Harness } from '../helpers/harness.js';
import { addEndpoint, addEvent, runUntilIdle, startWebhookReceiver, type WebhookReceiver, useWebhookHarness } from '../helpers/webhook-receiver.js';

let h: Harness;
const receivers = useWebhookHarness((ready) => (h = ready));

async function receiver(options: Parameters<typeof startWebhookReceiver>[0]): Promise<WebhookReceiver> {
  const r = await startWebhookReceiver({ now: h.deps.now, ...options });
  receivers.push(r);
  return r;
}

const attemptsOf = (deliveryId: string) => h.deps.db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, deliveryId)).orderBy(asc(webhookAttempts.attempt));
const onlyDelivery = async () => {
  const rows = await h.deps.db.select().from(webhookDeliveries);
  expect(rows).toHaveLength(1);
  return rows[0]!;
};

describe('webhook delivery', () => {
  it('retries a receiver that fails twice; it gets the event once as a success and the log has three attempts', async () => {
    const secret = newWebhookSecret();
    const crm = await receiver({ secrets: [secret], reply: (n) => ({ status: n < 2 ? 500 : 200, body: n < 2 ? 'down for maintenance' : 'ok' }) });
    await addEndpoint(h, { url: crm.url, secret });
    const eventId = await addEvent(h);

    await runUntilIdle(h.deps, 'r1');
    const first = await onlyDelivery();
    expect(first.status).toBe('pending');
    const wait1 = first.nextAttemptAt!.getTime() - first.lastAttemptAt!.getTime();
    expect(wait1).toBeGreaterThanOrEqual(4_000);
    expect(wait1).toBeLessThanOrEqual(6_000);
    const [job] = await h.deps.db.select().from(jobs).where(eq(jobs.id, first.id));
    expect(job).toMatchObject({ status: 'queued', runAt: first.nextAttemptAt });

    // Not due yet: nothing is sent before the retry time.
    await runUntilIdle(h.deps, 'r1');
    expect(crm.requests).toHaveLength(1);

    h.clock.offsetMs += 6_001;
    await runUntilIdle(h.deps, 'r1');
    const second = await onlyDelivery();
    const wait2 = second.nextAttemptAt!.getTime() - second.lastAttemptAt!.getTime();
    expect(wait2).toBeGreaterThanOrEqual(240_000);
    expect(wait2).toBeLessThanOrEqual(360_000);

    h.clock.offsetMs += 360_001;
    await runUntilIdle(h.deps, 'r1');

    expect(crm.requests).toHaveLength(3);
    expect(crm.requests.every((r) => r.verified)).toBe(true);
    expect(new Set(crm.requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([eventId]));
    expect([...crm.accepted.keys()]).toEqual([eventId]);
    expect(JSON.parse(crm.accepted.get(eventId)!.body)).toMatchObject({ type: 'voicemail.received', data: { mailbox: '200' } });

    const done = await onlyDelivery();
    expect(done).toMatchObject({ status: 'succeeded', attempts: 3, lastStatusCode: 200, nextAttemptAt: null });
    const log = await attemptsOf(done.id);
    expect(log.map((a) => [a.attempt, a.outcome, a.statusCode])).toEqual([[1, 'retrying', 500], [2, 'retrying', 500], [3, 'succeeded', 200]]);
    expect(log[0]!.responseExcerpt).toBe('down for maintenance');
    expect(log.every((a) => a.latencyMs >= 0 && a.eventId === eventId)).toBe(true);
  });

  it('a tampered body fails verification at the receiver, and the delivery is retried', async () => {
    const secret = newWebhookSecret();
    const crm = await receiver({ secrets: [secret], tamper: true });
    await addEndpoint(h, { url: crm.url, secret });
    await addEvent(h);
    await runUntilIdle(h.deps, 'r1');
    expect(crm.requests).toHaveLength(1);
    expect(crm.requests[0]!.verified).toBe(false);
    expect(crm.accepted.size).toBe(0);
    expect(await onlyDelivery()).toMatchObject({ status: 'pending', lastStatusCode: 400 });
  });

  it('a receiver holding another secret cannot verify the delivery', async () => {
    const crm = await receiver({ secrets: [newWebhookSecret()] });
    await addEndpoint(h, { url: crm.url });
    await addEvent(h);
    await runUntilIdle(h.deps, 'r1');
    expect(crm.requests.map((r) => r.verified)).toEqual([false]);
  });

  it('during a rotation overlap sends two v1 signatures, each verifying with its secret; after it, one', async () => {
    const secret = newWebhookSecret();
    const previousSecret = newWebhookSecret();
    const crm = await receiver({ secrets: [secret, previousSecret] });
    await addEndpoint(h, { url: crm.url, secret, previousSecret, previousSecretUntil: new Date(h.deps.now().getTime() + 3_600_000) });
    await addEvent(h);
    await runUntilIdle(h.deps, 'r1');
    h.clock.offsetMs += 3_600_001;
    await addEvent(h);
    await runUntilIdle(h.deps, 'r1');

    const [during, after] = crm.requests;
    expect(String(during!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(during!.verifiedWith).toEqual([true, true]);
    expect(String(after!.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(after!.verifiedWith).toEqual([true, false]);
  });
});
