import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { jobs } from '../../../schema/index.js';
import { ApiError, notFound } from '../../errors.js';
import { can } from '../auth/permissions.js';
import { requestStop, type JobRow } from '../jobs/job-queue.js';
import { inScopeSites, type Scope } from '../scope.js';
import { NODE_RECORDINGS_EXPORT_JOB, RECORDINGS_DELETE_JOB, RECORDINGS_EXPORT_JOB } from './maintenance-jobs.js';
import type { RecordingSet } from './recording-set.js';
import { scrubSecret } from './export-cleanup.js';

export const MAINTENANCE_KINDS = [RECORDINGS_EXPORT_JOB, NODE_RECORDINGS_EXPORT_JOB, RECORDINGS_DELETE_JOB] as const;

/** The kinds of this module's jobs the caller may see: exports with its export grant, deletes with its delete grant. */
function visibleKinds(scope: Scope, set: RecordingSet): string[] {
  const kinds: string[] = [];
  if (can(scope.grants, ...set.exportPermission)) kinds.push(RECORDINGS_EXPORT_JOB, NODE_RECORDINGS_EXPORT_JOB);
  if (can(scope.grants, ...set.deletePermission)) kinds.push(RECORDINGS_DELETE_JOB);
  return kinds;
}

function ofModule(db: Db, scope: Scope, set: RecordingSet) {
  const sites = scope.siteIds ? or(isNull(jobs.siteId), inScopeSites(jobs.siteId, scope)) : undefined;
  return and(eq(jobs.orgId, scope.orgId), sql`json_extract(${jobs.input}, '$.module') = ${set.module}`, sites);
}

/** The newest export and delete jobs of a module, for its maintenance page; 403 without either permission. */
export async function listMaintenanceJobs(db: Db, scope: Scope, set: RecordingSet, limit = 10): Promise<JobRow[]> {
  const kinds = visibleKinds(scope, set);
  if (!kinds.length) throw new ApiError('FORBIDDEN', `missing permission ${set.exportPermission.join('.')} or ${set.deletePermission.join('.')}`);
  return db.select().from(jobs).where(and(ofModule(db, scope, set), inArray(jobs.kind, kinds))).orderBy(desc(jobs.createdAt), desc(jobs.id)).limit(limit);
}

/**
 * One maintenance job of the module: 404 for another organization's, another module's, a site
 * out of reach or another kind of job; 403 without the permission its kind needs.
 */
export async function getMaintenanceJob(db: Db, scope: Scope, set: RecordingSet, id: string): Promise<JobRow> {
  const [row] = await db.select().from(jobs).where(and(eq(jobs.id, id), ofModule(db, scope, set), inArray(jobs.kind, [...MAINTENANCE_KINDS])));
  if (!row) throw notFound('job');
  const [module, action] = row.kind === RECORDINGS_DELETE_JOB ? set.deletePermission : set.exportPermission;
  if (!can(scope.grants, module, action)) throw new ApiError('FORBIDDEN', `missing permission ${module}.${action}`);
  return row;
}

/** Stops a job; one stopped before it ran has its bucket secret removed at once (no handler will). */
export async function stopMaintenanceJob(db: Db, scope: Scope, set: RecordingSet, id: string, now: Date): Promise<JobRow> {
  await getMaintenanceJob(db, scope, set, id);
  const job = await requestStop(db, scope, id, now);
  if (job.status === 'stopped') await scrubSecret(db, job);
  return getMaintenanceJob(db, scope, set, id);
}

/** What the page and the API show of a job's input: never the keys, nor who started it. */
export function maintenanceRequest(job: JobRow) {
  const input = job.input;
  const target = (input.target ?? null) as Record<string, unknown> | null;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    from: str(input.from), to: str(input.to),
    formats: Array.isArray(input.formats) ? (input.formats as string[]) : [],
    target: target ? { kind: String(target.kind), bucket: str(target.bucket), endPoint: str(target.endPoint), prefix: str(target.prefix), folder: str(target.folder) } : null,
  };
}

/** The public shape of a maintenance job; the resume cursor stays inside. */
export function maintenanceJobJson(job: JobRow) {
  const { cursor: _cursor, ...result } = job.result ?? {};
  return {
    id: job.id, kind: job.kind, siteId: job.siteId, status: job.status, progress: { done: job.progressDone, total: job.progressTotal },
    request: maintenanceRequest(job), result: job.result ? result : null, error: job.error, createdAt: job.createdAt, finishedAt: job.finishedAt,
  };
}

/** The archive of a finished ZIP export while it is kept; 404 otherwise. */
export function zipOf(job: JobRow, now: Date): { key: string; expiresAt: Date } {
  const key = job.result?.zipKey;
  const expires = job.result?.expiresAt;
  if (job.kind !== RECORDINGS_EXPORT_JOB || (job.status !== 'done' && job.status !== 'stopped') || typeof key !== 'string' || typeof expires !== 'string') throw notFound('export archive');
  const expiresAt = new Date(expires);
  if (!(expiresAt.getTime() > now.getTime())) throw notFound('export archive');
  return { key, expiresAt };
}
