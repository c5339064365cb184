import { and, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { webhookAttempts } from '../../../schema/index.js';
import type { MessageKey } from '../../i18n/index.js';
import type { Scope } from '../scope.js';
import { formatDateTime } from '../table/format.js';
import type { ListSpec } from '../table/list-spec.js';
import type { AttemptOutcome, DeliveryLogFilter } from './endpoint-schemas.js';

/** One HTTP attempt as the delivery log shows it. */
export interface AttemptRow {
  id: string;
  deliveryId: string;
  eventId: string;
  eventType: string;
  attempt: number;
  outcome: AttemptOutcome;
  statusCode: number | null;
  latencyMs: number;
  responseExcerpt: string;
  error: string | null;
  attemptedAt: Date;
}

export const EXCERPT_SHOWN = 200;

export const OUTCOME_LABELS: Record<AttemptOutcome, MessageKey> = {
  succeeded: 'webhooks.outcomeSucceeded',
  retrying: 'webhooks.outcomeRetrying',
  failed: 'webhooks.outcomeFailed',
};

function filterCondition(filter: DeliveryLogFilter): SQL | undefined {
  return and(
    filter.outcome ? eq(webhookAttempts.outcome, filter.outcome) : undefined,
    filter.from ? gte(webhookAttempts.attemptedAt, filter.from) : undefined,
    filter.to ? lt(webhookAttempts.attemptedAt, filter.to) : undefined,
    filter.eventType ? eq(webhookAttempts.eventType, filter.eventType) : undefined,
  );
}

/**
 * The log of one endpoint (whose visibility the caller has checked), newest first, with the data
 * table's search, sort and export on top of the filters.
 */
export function deliveryLogSpec(db: Db, scope: Scope, endpointId: string, filter: DeliveryLogFilter = {}): ListSpec<AttemptRow> {
  const base = (where: SQL | undefined) => and(eq(webhookAttempts.orgId, scope.orgId), eq(webhookAttempts.endpointId, endpointId), filterCondition(filter), where);
  const a = webhookAttempts;
  return {
    defaultSort: '-attemptedAt',
    idColumn: a.id,
    columns: [
      { key: 'attemptedAt', label: 'webhooks.time', sortBy: a.attemptedAt, sortValue: (r) => r.attemptedAt.getTime(), text: (r, ctx) => formatDateTime(r.attemptedAt, ctx), width: 2 },
      { key: 'eventType', label: 'webhooks.eventType', sortBy: a.eventType, sortValue: (r) => r.eventType, search: a.eventType, text: (r) => r.eventType, width: 2 },
      { key: 'eventId', label: 'webhooks.eventId', search: a.eventId, text: (r) => r.eventId, width: 3 },
      { key: 'attempt', label: 'webhooks.attempt', sortBy: a.attempt, sortValue: (r) => r.attempt, text: (r) => String(r.attempt), width: 1 },
      { key: 'outcome', label: 'webhooks.outcome', sortBy: a.outcome, sortValue: (r) => r.outcome, text: (r, ctx) => ctx.t(OUTCOME_LABELS[r.outcome]), width: 1 },
      { key: 'statusCode', label: 'webhooks.statusCode', sortBy: sql`coalesce(${a.statusCode}, 0)`, sortValue: (r) => r.statusCode ?? 0, text: (r) => (r.statusCode === null ? '' : String(r.statusCode)), width: 1 },
      { key: 'latencyMs', label: 'webhooks.latency', sortBy: a.latencyMs, sortValue: (r) => r.latencyMs, text: (r) => String(r.latencyMs), width: 1 },
      { key: 'responseExcerpt', label: 'webhooks.response', search: a.responseExcerpt, text: (r) => r.responseExcerpt.slice(0, EXCERPT_SHOWN), width: 3 },
      { key: 'error', label: 'webhooks.error', search: sql`coalesce(${a.error}, '')`, text: (r) => r.error ?? '', width: 2 },
    ],
    fetch: (where, orderBy, limit, offset) =>
      db
        .select({
          id: a.id, deliveryId: a.deliveryId, eventId: a.eventId, eventType: a.eventType, attempt: a.attempt, outcome: a.outcome, statusCode: a.statusCode,
          latencyMs: a.latencyMs, responseExcerpt: a.responseExcerpt, error: a.error, attemptedAt: a.attemptedAt,
        })
        .from(a)
        .where(base(where))
        .orderBy(...orderBy)
        .limit(limit)
        .offset(offset),
    count: (where) => db.$count(a, base(where)),
  };
}
