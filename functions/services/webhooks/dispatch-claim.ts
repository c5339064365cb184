/**
 * Taking outbox events for dispatch. One UPDATE … RETURNING picks and leases them, so two runners
 * polling together get different events, and a runner that dies leaves them to the next one once
 * its lease ends.
 */
import { eq, sql } from 'drizzle-orm';
import type { BatchItem, Db } from '../../db.js';
import { events } from '../../../schema/index.js';

export type OutboxEvent = typeof events.$inferSelect;

/** Long enough to fan out a round of events; short enough that a crash delays them only a minute. */
export const DISPATCH_LEASE_MS = 60_000;

export async function claimEvents(db: Db, now: Date, limit: number): Promise<OutboxEvent[]> {
  const at = now.getTime();
  const due = sql`select ${events.id} from ${events} where ${events.dispatchedAt} is null and (${events.dispatchLeaseUntil} is null or ${events.dispatchLeaseUntil} < ${at}) order by ${events.createdAt} limit ${limit}`;
  const rows = await db
    .update(events)
    .set({ dispatchLeaseUntil: new Date(at + DISPATCH_LEASE_MS) })
    .where(sql`${events.id} in (${due})`)
    .returning();
  // RETURNING does not keep the subquery's order; consumers expect events oldest first.
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

export function markDispatched(db: Db, eventId: string, now: Date): BatchItem {
  return db.update(events).set({ dispatchedAt: now, dispatchLeaseUntil: null }).where(eq(events.id, eventId));
}
