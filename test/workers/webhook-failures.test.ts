import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { BatchItem } from '../../functions/db.js';
import type { Deps } from '../../functions/deps.js';
import { redeliverItems } from '../../functions/services/webhooks/delivery-queue.js';
import { ENDPOINT_DISABLED_EVENT } from '../../functions/services/webhooks/endpoint-health.js';
import { events, jobs, webhookAttempts, webhookDeliveries, webhookEndpoints } from '../../schema/index.js';
import { WEBHOOK_TIMEOUT_MS } from '../../workers/jobs/webhook-delivery.js';
import { createHarness, type Harness } from '../helpers/harness.js';
import { addEndpoint, addEvent, runUntilIdle, startWebhookReceiver, type ReceiverOptions, useWebhookHarness } from '../helpers/webhook-receiver.js';

let h: Harness;
const receivers = useWebhookHarness((ready) => (h = ready));

/** A receiver holding the endpoint's secret, and the endpoint pointing at it. */
async function crmEndpoint(reply: ReceiverOptions['reply'], extra: Parameters<typeof addEndpoint>[1] extends infer T ? Partial<T> : never = {}) {
  const crm = await startWebhookReceiver({ secrets: [], reply, now: h.deps.now });
  receivers.push(crm);
  const endpoint = await addEndpoint(h, { url: crm.url, ...extra });
  crm.secrets.push(endpoint.secret);
  return { crm, endpoint };
}

const endpointRow = async (id: string) => (await h.deps.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)))[0]!;
const deliveries = () => h.deps.db.select().from(webhookDeliveries);
const disabledEvents = () => h.deps.db.select().from(events).where(eq(events.type, ENDPOINT_DISABLED_EVENT));

describe('webhook failures', () => {
  it('410 disables the endpoint, writes webhook.endpoint_disabled once, and later events are not sent to it', async () => {
    const { crm, endpoint } = await crmEndpoint(() => ({ status: 410 }));
    await addEvent(h);
    await runUntilIdle(h.deps, 'r1');

    expect(await endpointRow(endpoint.id)).toMatchObject({ active: false, disabledReason: 'gone' });
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: 410, nextAttemptAt: null });
    const notices = await disabledEvents();
    expect(notices).toHaveLength(1);
    expect(notices[0]!.payload).toMatchObject({ endpointId: endpoint.id, url: crm.url, reason: 'gone' });
    expect(notices[0]!.dispatchedAt).not.toBeNull();

    await addEvent(h);
    await runUntilIdle(h.deps, 'r1');
    expect(crm.requests).toHaveLength(1);
    expect(await deliveries()).toHaveLength(1);
  });

  it('a delivery whose endpoint was switched off fails without an attempt', async () => {
    const { crm, endpoint } = await crmEndpoint(() => ({ status: 500 }));
    await addEvent(h);
    await runUntilIdle(h.deps, 'r1');
    await h.deps.db.update(webhookEndpoints).set({ active: false }).where(eq(webhookEndpoints.id, endpoint.id));
    h.clock.offsetMs += 10_000;
    await runUntilIdle(h.deps, 'r1');
    expect(crm.requests).toHaveLength(1);
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1, lastError: 'endpoint disabled' });
    expect(await h.deps.db.select().from(webhookAttempts)).toHaveLength(1);
  });

  it('503 with Retry-After: 120 is not tried again before 120 s', async () => {
    const { crm } = await crmEndpoint((n) => (n === 0 ? { status: 503, headers: { 'retry-after': '120' } } : { status: 204 }));
    await addEvent(h);
    await runUntilIdle(h.deps, 'r1');
    const [delivery] = await deliveries();
    const wait = delivery!.nextAttemptAt!.getTime() - delivery!.lastAttemptAt!.getTime();
    expect(wait).toBeGreaterThanOrEqual(120_000);
    expect(wait).toBeLessThan(121_000);
    h.clock.offsetMs += 119_000;
    await runUntilIdle(h.deps, 'r1');
    expect(crm.requests).toHaveLength(1);
    h.clock.offsetMs += 2_000;
    await runUntilIdle(h.deps, 'r1');
    expect(crm.requests).toHaveLength(2);
    expect((await deliveries())[0]!.status).toBe('succeeded');
  });

  it('a redirect is not followed, and is logged with its target', async () => {
    const target = await startWebhookReceiver({ secrets: [] });
    receivers.push(target);
    await crmEndpoint(() => ({ status: 302, headers: { location: target.url } }));
    await addEvent(h);
    await runUntilIdle(h.deps, 'r1');
    expect(target.requests).toHaveLength(0);
    const [attempt] = await h.deps.db.select().from(webhookAttempts);
    expect(attempt).toMatchObject({ outcome: 'retrying', statusCode: 302, error: `redirect to ${target.url} not followed` });
  });

  it('asks for a 15 s timeout, and a timeout becomes a retry', async () => {
    const { crm } = await crmEndpoint(() => ({ status: 200, hang: true }));
    const asked: number[] = [];
    // The production timeout is asked for; the transport is given a short one so the test is quick.
    const deps: Deps = { ...h.deps, outboundHttp: (req) => (asked.push(req.timeoutMs), h.deps.outboundHttp({ ...req, timeoutMs: 300 })) };
    await addEvent(h);
    await runUntilIdle(deps, 'r1');
    expect(asked).toEqual([WEBHOOK_TIMEOUT_MS]);
    expect(WEBHOOK_TIMEOUT_MS).toBe(15_000);
    expect(crm.requests).toHaveLength(1);
    const [attempt] = await h.deps.db.select().from(webhookAttempts);
    expect(attempt).toMatchObject({ outcome: 'retrying', statusCode: null });
    expect(attempt!.error).toMatch(/no answer within/);
    expect((await deliveries())[0]!.status).toBe('pending');
  });

  it('an endpoint failing for more than 5 days is disabled with reason failing and a notice', async () => {
    const since = new Date(h.deps.now().getTime() - 5 * 86_400_000 - 60_000);
    const { endpoint } = await crmEndpoint(() => ({ status: 500 }), { failingSince: since });
    await addEvent(h);
    await runUntilIdle(h.deps, 'r1');
    expect(await endpointRow(endpoint.id)).toMatchObject({ active: false, disabledReason: 'failing', failingSince: since });
    expect((await deliveries())[0]).toMatchObject({ status: 'failed', nextAttemptAt: null });
    expect((await disabledEvents())[0]!.payload).toMatchObject({ endpointId: endpoint.id, reason: 'failing' });
  });

  it('a failure starts the failing streak and a success clears it', async () => {
    const { endpoint } = await crmEndpoint((n) => ({ status: n === 0 ? 500 : 200 }));
    await addEvent(h);
    await runUntilIdle(h.deps, 'r1');
    const failing = await endpointRow(endpoint.id);
    expect(failing.failingSince).not.toBeNull();
    h.clock.offsetMs += 7_000;
    await runUntilIdle(h.deps, 'r1');
    const healthy = await endpointRow(endpoint.id);
    expect(healthy).toMatchObject({ active: true, failingSince: null });
    expect(healthy.lastSuccessAt).not.toBeNull();
  });

  it('gives up after 8 attempts, and a replay starts a new round from the first delay', async () => {
    const { crm } = await crmEndpoint(() => ({ status: 500 }));
    await addEvent(h);
    for (let i = 0; i < 8; i++) {
      await runUntilIdle(h.deps, 'r1');
      const [pending] = await deliveries();
      // Straight to the retry time: the whole schedule stays under the 5 days that disable an endpoint.
      if (pending!.nextAttemptAt) h.clock.offsetMs += pending!.nextAttemptAt.getTime() - h.deps.now().getTime() + 1;
    }
    expect(crm.requests).toHaveLength(8);
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: 'failed', attempts: 8, nextAttemptAt: null });
    const [job] = await h.deps.db.select().from(jobs).where(eq(jobs.id, delivery!.id));
    expect(job!.status).toBe('done');

    await h.deps.db.batch(redeliverItems(h.deps.db, h.org.orgId, [delivery!.id], h.deps.now()) as [BatchItem, ...BatchItem[]]);
    await runUntilIdle(h.deps, 'r1');
    expect(crm.requests).toHaveLength(9);
    const replayed = (await deliveries())[0]!;
    expect(replayed).toMatchObject({ status: 'pending', attempts: 9 });
    const wait = replayed.nextAttemptAt!.getTime() - replayed.lastAttemptAt!.getTime();
    expect(wait).toBeGreaterThanOrEqual(4_000);
    expect(wait).toBeLessThanOrEqual(6_000);
  });
});

describe('webhook address guard in delivery', () => {
  it('refuses a loopback URL at once when private targets are not allowed, and logs why', async () => {
    const strict = await createHarness();
    try {
      const crm = await startWebhookReceiver({ secrets: [] });
      receivers.push(crm);
      await addEndpoint(strict, { url: crm.url });
      await addEvent(strict);
      await runUntilIdle(strict.deps, 'r1');
      expect(crm.requests).toHaveLength(0);
      const [delivery] = await strict.deps.db.select().from(webhookDeliveries);
      expect(delivery).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: null });
      expect(delivery!.lastError).toMatch(/loopback, private or reserved/);
    } finally {
      strict.close();
    }
  });
});
