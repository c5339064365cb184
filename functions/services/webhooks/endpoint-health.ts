/**
 * The endpoint's health after an attempt, written in the attempt's batch: successes clear the
 * failing streak, failures start one, and a 410 or days of failure turn the endpoint off with an
 * outbox event that tells the organization (its administrators get a notice, other CRMs a webhook).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { BatchItem, Db } from '../../db.js';
import { webhookEndpoints } from '../../../schema/index.js';
import { sha256Hex } from '../auth/random.js';
import { eventInsert } from '../media-nodes/node-events.js';
import type { DisableReason } from './deliver-attempt.js';

export const ENDPOINT_DISABLED_EVENT = 'webhook.endpoint_disabled';

export interface HealthEndpoint {
  id: string;
  orgId: string;
  url: string;
  /** Changes only when a person edits the endpoint, so it marks one period of being switched on. */
  updatedAt: Date;
}

export function successHealth(db: Db, endpointId: string, now: Date): BatchItem {
  return db.update(webhookEndpoints).set({ lastSuccessAt: now, failingSince: null }).where(eq(webhookEndpoints.id, endpointId));
}

export function failureHealth(db: Db, endpointId: string, now: Date): BatchItem {
  return db
    .update(webhookEndpoints)
    .set({ failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${now.getTime()})` })
    .where(eq(webhookEndpoints.id, endpointId));
}

/**
 * The event's id is derived from the endpoint and the period since a person last changed it, so
 * a re-run, or several deliveries disabling the same endpoint at once, announce it only once.
 */
export async function disabledEventId(endpoint: HealthEndpoint): Promise<string> {
  return `evt_${(await sha256Hex(`${ENDPOINT_DISABLED_EVENT}/${endpoint.id}/${endpoint.updatedAt.getTime()}`)).slice(0, 32)}`;
}

export async function disableItems(db: Db, endpoint: HealthEndpoint, reason: DisableReason, now: Date): Promise<BatchItem[]> {
  const id = await disabledEventId(endpoint);
  return [
    // Only an active endpoint is switched off, so a concurrent disable keeps the first time and reason.
    db
      .update(webhookEndpoints)
      .set({ active: false, disabledReason: reason, disabledAt: now, failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${now.getTime()})` })
      .where(and(eq(webhookEndpoints.id, endpoint.id), eq(webhookEndpoints.active, true))),
    eventInsert(db, endpoint.orgId, null, { id, type: ENDPOINT_DISABLED_EVENT, occurredAt: now, payload: { endpointId: endpoint.id, url: endpoint.url, reason, disabledAt: now.toISOString() } }, now),
  ];
}
