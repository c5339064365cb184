import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id, orgId } from './columns.js';

/** Background work with a lease so two runners never run the same job at once. */
export const jobs = sqliteTable(
  'jobs',
  {
    id: id(),
    orgId: orgId(),
    siteId: text('site_id'),
    kind: text('kind').notNull(),
    input: text('input', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: ['queued', 'running', 'done', 'failed', 'stopped'] }).notNull(),
    progressDone: integer('progress_done').notNull().default(0),
    progressTotal: integer('progress_total').notNull().default(0),
    result: text('result', { mode: 'json' }).$type<Record<string, unknown>>(),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    stopRequested: integer('stop_requested', { mode: 'boolean' }).notNull().default(false),
    runAt: integer('run_at', { mode: 'timestamp_ms' }).notNull(),
    leaseUntil: integer('lease_until', { mode: 'timestamp_ms' }),
    leaseOwner: text('lease_owner'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('jobs_claim_idx').on(t.status, t.runAt), index('jobs_org_idx').on(t.orgId, t.createdAt)],
);
