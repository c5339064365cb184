import { and, eq, isNotNull, notExists, or, gt, inArray, sql } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { jobs, recordingSettings } from '../../../schema/index.js';
import { enqueueJob } from '../jobs/job-queue.js';
import { toJobScope } from '../recording-maintenance/job-scope.js';
import { RECORDINGS_DELETE_JOB, type RecordingsDeleteInput } from '../recording-maintenance/maintenance-jobs.js';
import { systemScope } from '../scope.js';

const DAY_MS = 86_400_000;

/**
 * Manual 5.4, "delete recordings older than N days": at most once a day per organization with
 * a retention set, a recordings-delete job for every call recording that started before now - N
 * days, with the whole organization in its scope. Not while one of these is still queued or
 * running (a long delete is not doubled), nor within a day of the last one (a job row says when).
 * Returns how many jobs were queued.
 */
export async function enqueueDueRetention(deps: Pick<Deps, 'db' | 'log' | 'now'>): Promise<number> {
  const { db } = deps;
  const now = deps.now();
  const recent = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(
        eq(jobs.orgId, recordingSettings.orgId),
        eq(jobs.kind, RECORDINGS_DELETE_JOB),
        sql`json_extract(${jobs.input}, '$.via') = 'retention'`,
        sql`json_extract(${jobs.input}, '$.module') = 'calls'`,
        or(inArray(jobs.status, ['queued', 'running']), gt(jobs.createdAt, new Date(now.getTime() - DAY_MS))),
      ),
    );
  const due = await db
    .select({ orgId: recordingSettings.orgId, retentionDays: recordingSettings.retentionDays })
    .from(recordingSettings)
    .where(and(isNotNull(recordingSettings.retentionDays), notExists(recent)));
  let queued = 0;
  for (const { orgId, retentionDays } of due) {
    if (!retentionDays) continue;
    const input: RecordingsDeleteInput & { scope: ReturnType<typeof toJobScope> } = {
      module: 'calls', siteId: null, from: null, to: new Date(now.getTime() - retentionDays * DAY_MS).toISOString(), via: 'retention',
      scope: toJobScope(systemScope(orgId, 'Retention')),
    };
    await enqueueJob(db, orgId, { kind: RECORDINGS_DELETE_JOB, siteId: null, input }, now);
    deps.log.info('recordings retention job queued', { orgId, retentionDays, before: input.to });
    queued++;
  }
  return queued;
}
