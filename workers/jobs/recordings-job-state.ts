import { and, eq } from 'drizzle-orm';
import type { Deps } from '../../functions/deps.js';
import type { JobRow } from '../../functions/services/jobs/job-queue.js';
import type { RecordingCursor } from '../../functions/services/recording-maintenance/recording-set.js';
import { jobs } from '../../schema/index.js';

/** Recordings handled per page: one query, and at most 50 ids in a delete (D1's bound parameters). */
export const PAGE_SIZE = 50;

export { jobPeriod as periodOf } from '../../functions/services/recording-maintenance/job-scope.js';

/** The cursor a previous run of this job left in its result, so a runner that died is resumed after it. */
export function savedCursor(job: JobRow): RecordingCursor | null {
  const c = job.result?.cursor as { startedAt?: unknown; id?: unknown } | undefined;
  if (!c || typeof c.startedAt !== 'string' || typeof c.id !== 'string') return null;
  return { startedAt: new Date(c.startedAt), id: c.id };
}

export function savedCount(job: JobRow, name: string): number {
  const v = job.result?.[name];
  return typeof v === 'number' ? v : 0;
}

/**
 * Progress plus the state to resume from. The runner's progress() records only the counts, so
 * the result (cursor and totals) is written here, on the same lease-owner condition as the runner.
 */
export async function checkpoint(deps: Deps, job: JobRow, progress: (done: number, total: number) => Promise<void>, done: number, total: number, result: Record<string, unknown>): Promise<void> {
  await progress(done, total);
  const mine = job.leaseOwner ? and(eq(jobs.id, job.id), eq(jobs.leaseOwner, job.leaseOwner)) : eq(jobs.id, job.id);
  await deps.db.update(jobs).set({ result }).where(mine);
}

export const cursorJson = (c: RecordingCursor | null) => (c ? { startedAt: c.startedAt.toISOString(), id: c.id } : null);
