import { events } from '../../../schema/index.js';
import { ApiError } from '../../errors.js';
import { newId } from '../auth/random.js';
import type { Scope } from '../scope.js';
import type { Db } from '../../db.js';
import { deliveryIdFor, deliveryInserts } from './delivery-queue.js';
import { endpointRow } from './endpoint-service.js';

export const TEST_EVENT_MESSAGE = 'Test event from Ramal';

/**
 * A `ping` for this endpoint only. The event is written already dispatched so the dispatcher
 * never fans it out to the organization's other endpoints; its one delivery is queued beside it.
 */
export async function sendTestEvent(db: Db, scope: Scope, endpointId: string, now: Date): Promise<{ eventId: string; deliveryId: string }> {
  const endpoint = await endpointRow(db, scope, endpointId);
  if (!endpoint.active) throw new ApiError('CONFLICT', 'the endpoint is disabled; enable it before sending a test event', { messageKey: 'webhooks.err.inactive' });
  const eventId = newId();
  const deliveryId = await deliveryIdFor(endpointId, eventId);
  await db.batch([
    db.insert(events).values({ id: eventId, orgId: scope.orgId, siteId: null, type: 'ping', occurredAt: now, payload: { endpointId, message: TEST_EVENT_MESSAGE }, createdAt: now, dispatchedAt: now }),
    ...deliveryInserts(db, { id: deliveryId, orgId: scope.orgId, endpointId, eventId, eventType: 'ping' }, now),
  ]);
  return { eventId, deliveryId };
}
