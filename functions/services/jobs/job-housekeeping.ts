import { sql } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { jobs } from '../../../schema/index.js';

/** How long a finished delivery or e-mail job stays listed on the jobs page. */
export const FINISHED_JOB_DAYS = 30;
const CHUNK = 1000;

/**
 * Every webhook delivery and every e-mail is a job, so their finished jobs would pile up without
 * end. Their history stays where people read it (the delivery log, the e-mail list): only the
 * job rows go, a chunk per call; a replay or a retry makes a new job.
 */
export async function pruneFinishedJobs(db: Db, now: Date): Promise<number> {
  const before = now.getTime() - FINISHED_JOB_DAYS * 86_400_000;
  const old = sql`select id from ${jobs} where kind in ('webhook-delivery', 'email-send') and status in ('done', 'failed', 'stopped') and finished_at < ${before} limit ${CHUNK}`;
  const deleted = await db.delete(jobs).where(sql`${jobs.id} in (${old})`).returning({ id: jobs.id });
  return deleted.length;
}
