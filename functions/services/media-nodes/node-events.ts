import { z } from 'zod';
import type { BatchItem, Db } from '../../db.js';
import { events } from '../../../schema/index.js';
import { EVENT_CATALOGUE } from '../events/event-catalogue.js';

const MAX_PAYLOAD_BYTES = 20 * 1024;

export const NodeEventSchema = z.object({
  id: z.uuid(),
  type: z.string().max(100).regex(/^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+$/, 'dotted lower-case words, e.g. conference.participant_joined'),
  occurredAt: z.iso.datetime({ offset: true }),
  payload: z
    .record(z.string(), z.unknown())
    .refine((p) => new TextEncoder().encode(JSON.stringify(p)).byteLength <= MAX_PAYLOAD_BYTES, `at most ${MAX_PAYLOAD_BYTES} bytes as JSON`),
});
export type NodeEvent = z.infer<typeof NodeEventSchema>;

/** The catalogue's event families a media node may announce itself. */
const NODE_EVENT_PREFIXES = ['conference.'];

/**
 * A node event whose type is in the catalogue must carry the documented payload: webhooks and
 * Ramal's own consumers rely on it. Unknown types pass as they are (internal or future ones).
 */
function checkCataloguePayload(event: NodeEvent, ctx: z.RefinementCtx): void {
  if (!Object.hasOwn(EVENT_CATALOGUE, event.type)) return;
  // Users, voicemail and webhook events are the central app's to announce; a node speaks for its rooms.
  if (!NODE_EVENT_PREFIXES.some((prefix) => event.type.startsWith(prefix))) {
    ctx.addIssue({ code: 'custom', path: ['type'], message: `${event.type} events come from the central app, not from media nodes` });
    return;
  }
  const result = EVENT_CATALOGUE[event.type as keyof typeof EVENT_CATALOGUE].data.safeParse(event.payload);
  for (const issue of result.error?.issues ?? []) {
    ctx.addIssue({ code: 'custom', path: ['payload', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: `${event.type}: ${issue.message}` });
  }
}

export const NodeEventsSchema = z.object({ events: z.array(NodeEventSchema.superRefine(checkCataloguePayload)).min(1).max(100) });

export interface EventRow {
  id: string;
  type: string;
  occurredAt: Date;
  payload: Record<string, unknown>;
}

/** One outbox row to put in the batch of the change it announces; a known id is left as it is. */
export function eventInsert(db: Db, orgId: string, siteId: string | null, event: EventRow, now: Date): BatchItem {
  return db.insert(events).values({ ...event, orgId, siteId, createdAt: now }).onConflictDoNothing({ target: events.id });
}

/**
 * Stores a node's events in the outbox, all or none. Nodes resend until they hear back, so an id
 * already stored counts as accepted and is not written again.
 */
export async function storeNodeEvents(db: Db, orgId: string, siteId: string, input: NodeEvent[], now: Date): Promise<string[]> {
  // One statement per event: D1 caps bound parameters per statement, a batch is still one transaction.
  const items = input.map((e) => eventInsert(db, orgId, siteId, { id: e.id, type: e.type, occurredAt: new Date(e.occurredAt), payload: e.payload }, now));
  await db.batch(items as [BatchItem, ...BatchItem[]]);
  return [...new Set(input.map((e) => e.id))];
}
