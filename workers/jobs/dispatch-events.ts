/**
 * The outbox dispatcher: hands each new event to the webhook endpoints that want it (a delivery
 * and its job each) and to the system's own consumers (e-mail notices), then marks it dispatched,
 * all in one batch per event so a crash leaves either everything or nothing done.
 */
import type { BatchItem } from '../../functions/db.js';
import type { Deps } from '../../functions/deps.js';
import { claimEvents, markDispatched, type OutboxEvent } from '../../functions/services/webhooks/dispatch-claim.js';
import { activeEndpointsByOrg, endpointWants } from '../../functions/services/webhooks/dispatch-match.js';
import { deliveryIdFor, deliveryInserts } from '../../functions/services/webhooks/delivery-queue.js';

/**
 * An internal consumer of one event type: returns the rows to write with the dispatch. It must be
 * idempotent (fixed ids, on conflict do nothing): a runner that dies after its lease ends lets
 * another dispatch the same event again.
 */
export type EventConsumer = (deps: Deps, event: OutboxEvent) => Promise<BatchItem[]>;

export interface DispatchOptions {
  owner: string;
  /** By event type. */
  consumers?: Record<string, EventConsumer>;
  limit?: number;
}

/** Dispatches one round of waiting events; returns how many were dispatched. */
export async function dispatchEvents(deps: Deps, options: DispatchOptions): Promise<number> {
  const claimed = await claimEvents(deps.db, deps.now(), options.limit ?? 100);
  if (claimed.length === 0) return 0;
  const endpoints = await activeEndpointsByOrg(deps.db, claimed.map((e) => e.orgId));
  let dispatched = 0;
  for (const event of claimed) {
    try {
      const now = deps.now();
      const items: BatchItem[] = [];
      for (const endpoint of endpoints.get(event.orgId) ?? []) {
        if (!endpointWants(endpoint, event)) continue;
        const id = await deliveryIdFor(endpoint.id, event.id);
        items.push(...deliveryInserts(deps.db, { id, orgId: event.orgId, endpointId: endpoint.id, eventId: event.id, eventType: event.type }, now));
      }
      const consumer = options.consumers?.[event.type];
      if (consumer) items.push(...(await consumer(deps, event)));
      items.push(markDispatched(deps.db, event.id, now));
      await deps.db.batch(items as [BatchItem, ...BatchItem[]]);
      dispatched++;
    } catch (err) {
      // One bad event must not hold up the rest; its lease ends and a later round tries again.
      deps.log.error('event dispatch failed', { eventId: event.id, type: event.type, owner: options.owner, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return dispatched;
}
