import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db.js';
import type { Deps } from '../../deps.js';
import { jobs } from '../../../schema/index.js';
import { RECORDINGS_EXPORT_JOB } from './maintenance-jobs.js';

/** How long a ZIP export stays downloadable. */
export const EXPORT_ZIP_DAYS = 7;
const CHUNK = 50;

/** Removes the bucket's secret key from a job's stored input (kept only while the job may still run). */
export async function scrubSecret(db: Db, job: { id: string; input: Record<string, unknown> }): Promise<void> {
  const target = job.input.target as Record<string, unknown> | undefined;
  if (!target || !('secretKey' in target)) return;
  const { secretKey: _secret, ...rest } = target;
  await db.update(jobs).set({ input: { ...job.input, target: rest } }).where(eq(jobs.id, job.id));
}

/**
 * Hourly housekeeping of recordings exports: deletes ZIPs past their expiry (the job stays,
 * marked expired) and scrubs bucket secrets of jobs that ended without their handler doing it
 * (stopped while queued, or from the generic jobs page). Returns how many jobs it touched.
 */
export async function recordingsExportHousekeeping(deps: Pick<Deps, 'db' | 'blobs' | 'log' | 'now'>): Promise<number> {
  const { db } = deps;
  const now = deps.now();
  const ended = inArray(jobs.status, ['done', 'failed', 'stopped']);
  const expired = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, RECORDINGS_EXPORT_JOB), ended, sql`json_extract(${jobs.result}, '$.zipKey') is not null`, lt(sql`json_extract(${jobs.result}, '$.expiresAt')`, now.toISOString())))
    .limit(CHUNK);
  for (const job of expired) {
    const { zipKey, ...result } = job.result ?? {};
    try {
      if (deps.blobs && typeof zipKey === 'string') await deps.blobs.delete(zipKey);
    } catch (err) {
      deps.log.warn('could not delete an expired export', { jobId: job.id, error: err instanceof Error ? err.message : String(err) });
      continue;
    }
    await db.update(jobs).set({ result: { ...result, expired: true } }).where(eq(jobs.id, job.id));
  }
  const secrets = await db
    .select({ id: jobs.id, input: jobs.input })
    .from(jobs)
    .where(and(eq(jobs.kind, RECORDINGS_EXPORT_JOB), ended, sql`json_extract(${jobs.input}, '$.target.secretKey') is not null`))
    .limit(CHUNK);
  for (const job of secrets) await scrubSecret(db, job);
  return expired.length + secrets.length;
}
