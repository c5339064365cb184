import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db.js';
import { jobs } from '../../../schema/index.js';
import { notFound } from '../../errors.js';
import type { JobRow } from './job-queue.js';
import { NODE_JOB_LEASE_MS, NODE_JOB_PREFIX, type NodeJob, type NodeJobFinishSchema, type NodeJobProgressSchema } from './node-jobs-contract.js';

/**
 * The central half of the node jobs contract (node-jobs-contract.ts). A node holds a job through
 * its lease, owned by its token: a node that restarted claims its own expired job back, while a
 * job taken over by another node of the site answers 404 to the old holder.
 */
export interface NodeHolder {
  orgId: string;
  siteId: string;
  /** The lease owner, e.g. `node-token:<token id>`. */
  owner: string;
}

export type NodeJobProgress = z.infer<typeof NodeJobProgressSchema>;
export type NodeJobFinish = z.output<typeof NodeJobFinishSchema>;

export function toNodeJob(row: JobRow): NodeJob {
  return { id: row.id, kind: row.kind, input: row.input, progressDone: row.progressDone, progressTotal: row.progressTotal, result: row.result ?? null };
}

/**
 * The site's oldest due `node:` job, or a running one whose holder went quiet past its lease, in
 * ONE update statement (like the central runner's claimJob) so two nodes polling at once cannot
 * both get it.
 */
export async function claimNodeJob(db: Db, holder: NodeHolder, now: Date, leaseMs = NODE_JOB_LEASE_MS): Promise<NodeJob | null> {
  const at = now.getTime();
  const next = sql`(select id from ${jobs} where org_id = ${holder.orgId} and site_id = ${holder.siteId} and kind like ${`${NODE_JOB_PREFIX}%`}
    and ((status = 'queued' and run_at <= ${at}) or (status = 'running' and lease_until < ${at})) order by run_at limit 1)`;
  const [row] = await db
    .update(jobs)
    .set({ status: 'running', leaseOwner: holder.owner, leaseUntil: new Date(at + leaseMs), attempts: sql`${jobs.attempts} + 1` })
    .where(eq(jobs.id, next))
    .returning();
  return row ? toNodeJob(row) : null;
}

const held = (holder: NodeHolder, id: string) =>
  and(eq(jobs.id, id), eq(jobs.orgId, holder.orgId), eq(jobs.siteId, holder.siteId), eq(jobs.status, 'running'), eq(jobs.leaseOwner, holder.owner), sql`${jobs.kind} like ${`${NODE_JOB_PREFIX}%`}`);

/** A running job this node holds, or NOT_FOUND (another site's, finished, or taken over). */
export async function heldNodeJob(db: Db, holder: NodeHolder, id: string): Promise<JobRow> {
  const [row] = await db.select().from(jobs).where(held(holder, id));
  if (!row) throw notFound('node job');
  return row;
}

/** Records progress and renews the lease; answers whether a user asked the job to stop. */
export async function nodeJobProgress(db: Db, holder: NodeHolder, id: string, progress: NodeJobProgress, now: Date, leaseMs = NODE_JOB_LEASE_MS): Promise<{ stop: boolean }> {
  const [row] = await db
    .update(jobs)
    .set({
      progressDone: progress.done,
      progressTotal: progress.total,
      leaseUntil: new Date(now.getTime() + leaseMs),
      ...(progress.result ? { result: progress.result } : {}),
    })
    .where(held(holder, id))
    .returning({ stop: jobs.stopRequested });
  if (!row) throw notFound('node job');
  return { stop: row.stop };
}

/**
 * Ends a held job with the node's outcome. Sent again after a lost answer, the same outcome is
 * accepted (the job is already in that state, still under this node's name); anything else is 404.
 */
export async function finishNodeJob(db: Db, holder: NodeHolder, id: string, finish: NodeJobFinish, now: Date): Promise<void> {
  const [row] = await db
    .update(jobs)
    .set({ status: finish.status, result: finish.result, error: finish.status === 'failed' ? (finish.error ?? 'failed on the media node') : null, leaseUntil: null, finishedAt: now })
    .where(held(holder, id))
    .returning({ id: jobs.id });
  if (row) return;
  const [again] = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.id, id), eq(jobs.orgId, holder.orgId), eq(jobs.siteId, holder.siteId), eq(jobs.status, finish.status), eq(jobs.leaseOwner, holder.owner)));
  if (!again) throw notFound('node job');
}
