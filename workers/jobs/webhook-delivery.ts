/**
 * The job behind one webhook delivery: one signed POST per run. A failure that may pass (5xx,
 * timeout, 3xx, …) re-queues the job per the retry schedule; the attempt, the delivery and the
 * endpoint's health are written in one batch so the log never disagrees with the state.
 */
import { and, eq } from 'drizzle-orm';
import type { BatchItem } from '../../functions/db.js';
import type { Deps } from '../../functions/deps.js';
import { newId } from '../../functions/services/auth/random.js';
import { judgeAttempt, type AttemptVerdict } from '../../functions/services/webhooks/deliver-attempt.js';
import { disableItems, failureHealth, successHealth } from '../../functions/services/webhooks/endpoint-health.js';
import { OutboundError, type OutboundResponse } from '../../functions/services/webhooks/outbound-http.js';
import { webhookBody, webhookHeaders } from '../../functions/services/webhooks/signing.js';
import { events, webhookAttempts, webhookDeliveries, webhookEndpoints } from '../../schema/index.js';
import { RetryJob, type JobHandler } from './runner.js';

/** Standard Webhooks asks for 15–30 s; a CRM slower than that is treated as down. */
export const WEBHOOK_TIMEOUT_MS = 15_000;

export interface WebhookDeliveryOptions {
  /** The jitter's source; tests pass a fixed one. */
  random?: () => number;
}

type Delivery = typeof webhookDeliveries.$inferSelect;

function stopDelivery(deps: Deps, delivery: Delivery, reason: string): Promise<unknown> {
  return deps.db.update(webhookDeliveries).set({ status: 'failed', lastError: reason, nextAttemptAt: null }).where(eq(webhookDeliveries.id, delivery.id));
}

async function send(deps: Deps, url: string, headers: Record<string, string>, body: string): Promise<{ response: OutboundResponse } | { error: OutboundError }> {
  try {
    return { response: await deps.outboundHttp({ url, headers, body, timeoutMs: WEBHOOK_TIMEOUT_MS, allowPrivate: deps.config.RAMAL_WEBHOOK_ALLOW_PRIVATE }) };
  } catch (err) {
    return { error: err instanceof OutboundError ? err : new OutboundError(err instanceof Error ? err.message : String(err), 'NETWORK') };
  }
}

export function createWebhookDeliveryHandler(options: WebhookDeliveryOptions = {}): JobHandler {
  return async ({ deps, job }) => {
    const deliveryId = typeof job.input.deliveryId === 'string' ? job.input.deliveryId : '';
    const [delivery] = await deps.db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.orgId, job.orgId)));
    if (!delivery) return { result: { skipped: 'delivery not found' } };
    // Already settled: a runner died after writing the outcome but before finishing the job.
    if (delivery.status !== 'pending') return { result: { status: delivery.status } };
    // A runner that died after logging a failed attempt never re-queued the job; keep the wait it chose.
    if (delivery.nextAttemptAt && delivery.nextAttemptAt.getTime() > deps.now().getTime()) {
      throw new RetryJob('waiting for the next attempt', delivery.nextAttemptAt, { deliveryId: delivery.id, attempt: delivery.attempts });
    }
    const [endpoint] = await deps.db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.id, delivery.endpointId), eq(webhookEndpoints.orgId, delivery.orgId)));
    const [event] = await deps.db.select().from(events).where(and(eq(events.id, delivery.eventId), eq(events.orgId, delivery.orgId)));
    if (!endpoint || !event) {
      await stopDelivery(deps, delivery, endpoint ? 'event deleted' : 'endpoint deleted');
      return { result: { status: 'failed' } };
    }
    if (!endpoint.active) {
      await stopDelivery(deps, delivery, 'endpoint disabled');
      return { result: { status: 'failed' } };
    }

    const sentAt = deps.now();
    const body = webhookBody(event);
    const started = Date.now();
    const result = await send(deps, endpoint.url, webhookHeaders(endpoint, event, body, sentAt, deps.version), body);
    const latencyMs = Date.now() - started;
    const now = deps.now();
    const verdict: AttemptVerdict = judgeAttempt({ result, roundAttempt: job.attempts, now, failingSince: endpoint.failingSince, random: options.random });
    const attempt = delivery.attempts + 1;

    const items: BatchItem[] = [
      deps.db.insert(webhookAttempts).values({
        id: newId(), orgId: delivery.orgId, endpointId: endpoint.id, deliveryId: delivery.id, eventId: event.id, eventType: event.type, attempt,
        outcome: verdict.outcome, statusCode: verdict.statusCode, latencyMs, responseExcerpt: verdict.responseExcerpt, error: verdict.error, attemptedAt: sentAt,
      }),
      deps.db
        .update(webhookDeliveries)
        .set({
          attempts: attempt, status: verdict.outcome === 'retrying' ? 'pending' : verdict.outcome, lastStatusCode: verdict.statusCode,
          lastError: verdict.error, lastAttemptAt: sentAt, nextAttemptAt: verdict.retryAt,
        })
        .where(eq(webhookDeliveries.id, delivery.id)),
    ];
    if (verdict.outcome === 'succeeded') items.push(successHealth(deps.db, endpoint.id, now));
    else if (verdict.disable) items.push(...(await disableItems(deps.db, endpoint, verdict.disable, now)));
    else items.push(failureHealth(deps.db, endpoint.id, now));
    await deps.db.batch(items as [BatchItem, ...BatchItem[]]);

    const summary = { deliveryId: delivery.id, attempt, outcome: verdict.outcome, statusCode: verdict.statusCode };
    if (verdict.retryAt) throw new RetryJob(verdict.error ?? `HTTP ${verdict.statusCode}`, verdict.retryAt, summary);
    return { result: summary };
  };
}

export const runWebhookDelivery: JobHandler = createWebhookDeliveryHandler();
