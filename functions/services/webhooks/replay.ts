import { and, eq, gte, lt } from 'drizzle-orm';
import type { BatchItem, Db } from '../../db.js';
import { webhookDeliveries } from '../../../schema/index.js';
import { ApiError, notFound } from '../../errors.js';
import type { Scope } from '../scope.js';
import { deliveryInserts, redeliverItems, type NewDelivery } from './delivery-queue.js';
import type { ReplayPeriod } from './endpoint-schemas.js';
import { endpointRow } from './endpoint-service.js';

/** Ids per statement: D1 binds at most 100 parameters. */
const CHUNK = 50;

async function activeEndpoint(db: Db, scope: Scope, endpointId: string): Promise<void> {
  const endpoint = await endpointRow(db, scope, endpointId);
  if (!endpoint.active) throw new ApiError('CONFLICT', 'the endpoint is disabled; enable it before replaying deliveries', { messageKey: 'webhooks.err.inactive' });
}

/**
 * Replays a chunk of deliveries. The inserts are no-ops for rows that exist; they bring back a
 * delivery's job if it was already cleaned away, so the update below has something to re-queue.
 */
function replayItems(db: Db, orgId: string, deliveries: NewDelivery[], now: Date): BatchItem[] {
  return [...deliveries.flatMap((d) => deliveryInserts(db, d, now)), ...redeliverItems(db, orgId, deliveries.map((d) => d.id), now)];
}

const deliveryColumns = { id: webhookDeliveries.id, orgId: webhookDeliveries.orgId, endpointId: webhookDeliveries.endpointId, eventId: webhookDeliveries.eventId, eventType: webhookDeliveries.eventType };

export async function replayDelivery(db: Db, scope: Scope, endpointId: string, deliveryId: string, now: Date): Promise<void> {
  await activeEndpoint(db, scope, endpointId);
  const [delivery] = await db
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.orgId, scope.orgId)));
  if (!delivery) throw notFound('webhook delivery');
  const [first, ...rest] = replayItems(db, scope.orgId, [delivery], now);
  await db.batch([first!, ...rest]);
}

/** Replays every delivery of the endpoint with `status` created in [from, to); returns how many. */
export async function replayPeriod(db: Db, scope: Scope, endpointId: string, period: ReplayPeriod, now: Date): Promise<number> {
  await activeEndpoint(db, scope, endpointId);
  const deliveries = await db
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.orgId, scope.orgId),
        eq(webhookDeliveries.endpointId, endpointId),
        eq(webhookDeliveries.status, period.status),
        gte(webhookDeliveries.createdAt, new Date(period.from)),
        lt(webhookDeliveries.createdAt, new Date(period.to)),
      ),
    );
  for (let i = 0; i < deliveries.length; i += CHUNK) {
    const [first, ...rest] = replayItems(db, scope.orgId, deliveries.slice(i, i + CHUNK), now);
    await db.batch([first!, ...rest]);
  }
  return deliveries.length;
}
