import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, orgId } from './columns.js';

/**
 * The transactional outbox: what happened (sent by media nodes or written beside a change) waits
 * here for the job runner to deliver it. The id is the producer's, so a retried send is a no-op.
 */
export const events = sqliteTable(
  'events',
  {
    id: text('id').primaryKey(),
    orgId: orgId(),
    siteId: text('site_id'),
    type: text('type').notNull(),
    occurredAt: integer('occurred_at', { mode: 'timestamp_ms' }).notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    /** When the runner handed the event to its consumers (webhooks, mail); null while it waits. */
    dispatchedAt: integer('dispatched_at', { mode: 'timestamp_ms' }),
    /** A runner that took the event for dispatch holds it until then; expired means it died. */
    dispatchLeaseUntil: integer('dispatch_lease_until', { mode: 'timestamp_ms' }),
  },
  (t) => [index('events_org_created_idx').on(t.orgId, t.createdAt), index('events_pending_idx').on(t.dispatchedAt, t.createdAt)],
);
