import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, orgId, updatedAt } from './columns.js';

/**
 * Where an organization's CRMs want events (Standard Webhooks 1.0). The secret must be readable to
 * sign, so it is stored as issued; it is shown to people only when made or rotated.
 */
export const webhookEndpoints = sqliteTable(
  'webhook_endpoints',
  {
    id: id(),
    orgId: orgId(),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    /** Event types to send; empty means every type. */
    eventTypes: text('event_types', { mode: 'json' }).$type<string[]>().notNull(),
    /** Sites whose events are sent; empty means every site (and events of no site). */
    siteIds: text('site_ids', { mode: 'json' }).$type<string[]>().notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    secret: text('secret').notNull(),
    /** The secret before the last rotation, still signed with until previousSecretUntil. */
    previousSecret: text('previous_secret'),
    previousSecretUntil: integer('previous_secret_until', { mode: 'timestamp_ms' }),
    /** Why the system turned the endpoint off (410, failing for days); null when a person did. */
    disabledReason: text('disabled_reason'),
    disabledAt: integer('disabled_at', { mode: 'timestamp_ms' }),
    /** First failed attempt since the last success; cleared by a success. */
    failingSince: integer('failing_since', { mode: 'timestamp_ms' }),
    lastSuccessAt: integer('last_success_at', { mode: 'timestamp_ms' }),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('webhook_endpoints_org_idx').on(t.orgId, t.createdAt)],
);

/** One event owed to one endpoint; the event id is its webhook-id on every attempt. */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: id(),
    orgId: orgId(),
    endpointId: text('endpoint_id').notNull(),
    eventId: text('event_id').notNull(),
    eventType: text('event_type').notNull(),
    status: text('status', { enum: ['pending', 'succeeded', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    lastAttemptAt: integer('last_attempt_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_endpoint_event_uq').on(t.endpointId, t.eventId),
    index('webhook_deliveries_endpoint_status_idx').on(t.endpointId, t.status, t.createdAt),
  ],
);

/** The delivery log: one row per HTTP attempt, as the endpoint's page lists it. */
export const webhookAttempts = sqliteTable(
  'webhook_attempts',
  {
    id: id(),
    orgId: orgId(),
    endpointId: text('endpoint_id').notNull(),
    deliveryId: text('delivery_id').notNull(),
    eventId: text('event_id').notNull(),
    eventType: text('event_type').notNull(),
    attempt: integer('attempt').notNull(),
    outcome: text('outcome', { enum: ['succeeded', 'retrying', 'failed'] }).notNull(),
    statusCode: integer('status_code'),
    latencyMs: integer('latency_ms').notNull(),
    responseExcerpt: text('response_excerpt').notNull().default(''),
    error: text('error'),
    attemptedAt: integer('attempted_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('webhook_attempts_endpoint_idx').on(t.endpointId, t.attemptedAt), index('webhook_attempts_delivery_idx').on(t.deliveryId, t.attempt)],
);
