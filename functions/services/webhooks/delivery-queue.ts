import { and, eq, inArray, ne } from 'drizzle-orm';
import type { BatchItem, Db } from '../../db.js';
import { jobs, webhookDeliveries } from '../../../schema/index.js';
import { sha256Hex } from '../auth/random.js';

/** The job kind that makes HTTP attempts for one delivery (workers/jobs/webhook-delivery.ts). */
export const WEBHOOK_DELIVERY_JOB = 'webhook-delivery';

/**
 * A delivery's id is derived from its endpoint and event, and its job shares that id, so a
 * dispatch repeated after a crash (or by a second runner) inserts nothing new.
 */
export async function deliveryIdFor(endpointId: string, eventId: string): Promise<string> {
  return `dlv_${(await sha256Hex(`${endpointId}/${eventId}`)).slice(0, 32)}`;
}

export interface NewDelivery {
  id: string;
  orgId: string;
  endpointId: string;
  eventId: string;
  eventType: string;
}

/** The delivery row and its job, for the batch that dispatches the event. */
export function deliveryInserts(db: Db, delivery: NewDelivery, now: Date): BatchItem[] {
  return [
    db.insert(webhookDeliveries).values({ ...delivery, status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now }).onConflictDoNothing(),
    db
      .insert(jobs)
      .values({ id: delivery.id, orgId: delivery.orgId, siteId: null, kind: WEBHOOK_DELIVERY_JOB, input: { deliveryId: delivery.id }, status: 'queued', runAt: now, createdAt: now })
      .onConflictDoNothing(),
  ];
}

/**
 * Sends deliveries again from the start of the retry schedule (replay). A delivery whose job is
 * running right now keeps that attempt; one waiting for a retry is moved to now.
 */
export function redeliverItems(db: Db, orgId: string, deliveryIds: string[], now: Date): BatchItem[] {
  return [
    db
      .update(webhookDeliveries)
      .set({ status: 'pending', nextAttemptAt: now })
      .where(and(eq(webhookDeliveries.orgId, orgId), inArray(webhookDeliveries.id, deliveryIds))),
    db
      .update(jobs)
      .set({ status: 'queued', runAt: now, attempts: 0, error: null, result: null, finishedAt: null, stopRequested: false, leaseOwner: null, leaseUntil: null })
      .where(and(eq(jobs.orgId, orgId), eq(jobs.kind, WEBHOOK_DELIVERY_JOB), inArray(jobs.id, deliveryIds), ne(jobs.status, 'running'))),
  ];
}
