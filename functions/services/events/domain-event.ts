import type { BatchItem, Db } from '../../db.js';
import { newId } from '../auth/random.js';
import { eventInsert } from '../media-nodes/node-events.js';
import { EVENT_CATALOGUE, type EventData, type EventType } from './event-catalogue.js';

const MAX_PAYLOAD_BYTES = 20 * 1024;

export class EventTooLargeError extends Error {
  override readonly name = 'EventTooLargeError';
  readonly code = 'EVENT_TOO_LARGE';
}

/**
 * The outbox row announcing a change, to put in the change's own batch. The payload is checked
 * against the catalogue so what CRMs receive always matches the documented schema.
 */
export function domainEvent<T extends EventType>(db: Db, orgId: string, siteId: string | null, type: T, data: EventData<T>, now: Date, id: string = newId()): BatchItem {
  const payload = EVENT_CATALOGUE[type].data.parse(data) as Record<string, unknown>;
  const size = new TextEncoder().encode(JSON.stringify(payload)).byteLength;
  // Large things are referenced by id; an event this big is a bug in its producer.
  if (size > MAX_PAYLOAD_BYTES) throw new EventTooLargeError(`${type} payload has ${size} bytes; events carry at most ${MAX_PAYLOAD_BYTES}`);
  return eventInsert(db, orgId, siteId, { id, type, occurredAt: now, payload }, now);
}
