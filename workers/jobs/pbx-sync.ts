import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Deps } from '../../functions/deps.js';
import { ApiError } from '../../functions/errors.js';
import { enqueueJob, hasActiveJob } from '../../functions/services/jobs/job-queue.js';
import { systemScope } from '../../functions/services/scope.js';
import { loadExtensions } from '../../functions/services/sync/load-extensions.js';
import { syncExtensions } from '../../functions/services/sync/sync-extensions.js';
import { domainEvent } from '../../functions/services/events/domain-event.js';
import { sites } from '../../schema/index.js';
import type { JobHandler } from './runner.js';
import { PBX_SYNC_JOB as PBX_SYNC } from '../../functions/services/sync/start-sync.js';

export { PBX_SYNC_JOB as PBX_SYNC } from '../../functions/services/sync/start-sync.js';

/** The sync job: read the PBX (or the uploaded CSV kept in the job), then apply it with progress. */
export const runPbxSync: JobHandler = async ({ deps, job, progress, shouldStop }) => {
  const { db } = deps;
  const [site] = await db.select().from(sites).where(and(eq(sites.id, job.siteId ?? ''), eq(sites.orgId, job.orgId)));
  if (!site) throw new ApiError('NOT_FOUND', 'the site of this synchronization no longer exists');
  // Stamped at the start, so a PBX that stays down is retried at the next interval, not in a loop.
  await db.update(sites).set({ lastSyncAt: deps.now() }).where(eq(sites.id, site.id));
  const csv = typeof job.input.csv === 'string' ? job.input.csv : null;
  const { extensions, rejected } = await loadExtensions(site.pbxConnection, csv, fetch);
  await progress(0, extensions.length);
  const scope = systemScope(job.orgId, 'PBX synchronization');
  const result = await syncExtensions(db, scope, site.id, extensions, { report: progress, shouldStop }, deps.now, deps.config.RAMAL_LANGUAGE);
  result.rejected = rejected.slice(0, 100);
  // The id follows the job, so a job re-run after its runner died announces the sync once.
  await db.batch([
    domainEvent(db, job.orgId, site.id, 'sync.completed', {
      siteId: site.id, jobId: job.id, total: result.total, created: result.created, updated: result.updated, unchanged: result.unchanged,
      removed: result.removed, withoutEmail: result.withoutEmail, conflicts: result.conflicts.length, stopped: result.stopped,
    }, deps.now(), `sync-${job.id}`),
  ]);
  return { result: { ...result }, stopped: result.stopped };
};

/** Queues a sync for every site whose interval has passed (HTTP connectors only: CSV needs a person). */
export async function enqueueDueSyncs(deps: Deps): Promise<number> {
  const now = deps.now();
  const due = await deps.db
    .select({ id: sites.id, orgId: sites.orgId, interval: sites.syncIntervalMinutes })
    .from(sites)
    .where(
      and(
        gt(sites.syncIntervalMinutes, 0),
        sql`json_extract(${sites.pbxConnection}, '$.kind') = 'http'`,
        or(isNull(sites.lastSyncAt), lt(sql`${sites.lastSyncAt} + ${sites.syncIntervalMinutes} * 60000`, now.getTime())),
      ),
    );
  let queued = 0;
  for (const site of due) {
    if (await hasActiveJob(deps.db, PBX_SYNC, site.id)) continue;
    await enqueueJob(deps.db, site.orgId, { kind: PBX_SYNC, siteId: site.id, input: { trigger: 'schedule' } }, now);
    queued++;
  }
  return queued;
}
