import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { jobs } from '../../../schema/index.js';
import { ApiError, notFound } from '../../errors.js';
import { newId } from '../auth/random.js';
import { can, type Action, type Module } from '../auth/permissions.js';
import { canSeeSite, type Scope } from '../scope.js';

export type JobRow = typeof jobs.$inferSelect;

export interface NewJob {
  kind: string;
  siteId?: string | null;
  input: Record<string, unknown>;
  createdBy?: string | null;
}

export async function enqueueJob(db: Db, orgId: string, job: NewJob, now: Date): Promise<string> {
  const id = newId();
  await db.insert(jobs).values({ id, orgId, siteId: job.siteId ?? null, kind: job.kind, input: job.input, status: 'queued', runAt: now, createdBy: job.createdBy ?? null, createdAt: now });
  return id;
}

/** What seeing or stopping a job of each kind needs: the permission that started it. */
export const JOB_PERMISSIONS: Record<string, [Module, Action]> = {
  'pbx-sync': ['system', 'configure'],
  'email-send': ['system', 'configure'],
  'webhook-delivery': ['system', 'configure'],
  // Shared by the recording modules: the action here, the module from the job's input (below).
  'recordings-export': ['vconference', 'export'],
  'node:recordings-export': ['vconference', 'export'],
  'recordings-delete': ['vconference', 'delete'],
};

/** The permission module of each recordings module a maintenance job names in its input. */
const RECORDINGS_JOB_MODULES: Record<string, Module> = { conference: 'vconference', calls: 'vrec' };
const RECORDINGS_JOB_KINDS = { 'recordings-export': true, 'node:recordings-export': true, 'recordings-delete': true } as const;

/**
 * What a job needs: its kind's permission, except that the recordings kinds are shared by
 * v-conference and v-rec, so a calls export needs vrec.export and not vconference.export. An
 * unknown module falls back to system.configure rather than to another module's grant.
 */
export function jobPermission(job: Pick<JobRow, 'kind' | 'input'>): [Module, Action] {
  const permission = JOB_PERMISSIONS[job.kind];
  if (!permission) return ['system', 'configure'];
  if (!Object.hasOwn(RECORDINGS_JOB_KINDS, job.kind)) return permission;
  const name = job.input.module;
  const module = typeof name === 'string' && Object.hasOwn(RECORDINGS_JOB_MODULES, name) ? RECORDINGS_JOB_MODULES[name] : undefined;
  return module ? [module, permission[1]] : ['system', 'configure'];
}

/** A job of the caller's organization (and one of its sites), or NOT_FOUND; FORBIDDEN without its kind's permission. */
export async function getJob(db: Db, scope: Scope, id: string): Promise<JobRow> {
  const [row] = await db.select().from(jobs).where(and(eq(jobs.id, id), eq(jobs.orgId, scope.orgId)));
  if (!row || (row.siteId && !canSeeSite(scope, row.siteId))) throw notFound('job');
  const [module, action] = jobPermission(row);
  if (!can(scope.grants, module, action)) throw new ApiError('FORBIDDEN', `missing permission ${module}.${action}`);
  return row;
}

/** Asks a job to stop; a queued job stops at once, a running one at its next checkpoint. */
export async function requestStop(db: Db, scope: Scope, id: string, now: Date): Promise<JobRow> {
  const job = await getJob(db, scope, id);
  if (job.status === 'queued') {
    await db.update(jobs).set({ status: 'stopped', stopRequested: true, finishedAt: now }).where(and(eq(jobs.id, id), eq(jobs.status, 'queued')));
  } else if (job.status === 'running') {
    await db.update(jobs).set({ stopRequested: true }).where(eq(jobs.id, id));
  } else {
    throw new ApiError('CONFLICT', `the job has already ${job.status === 'done' ? 'finished' : job.status}`, { messageKey: 'err.jobFinished' });
  }
  return getJob(db, scope, id);
}

/** The newest jobs of a kind on a site, for the page that started them. */
export async function recentJobs(db: Db, scope: Scope, kind: string, siteId: string, limit = 5): Promise<JobRow[]> {
  return db.select().from(jobs).where(and(eq(jobs.orgId, scope.orgId), eq(jobs.kind, kind), eq(jobs.siteId, siteId))).orderBy(desc(jobs.createdAt)).limit(limit);
}

export async function hasActiveJob(db: Db, kind: string, siteId: string): Promise<boolean> {
  const [row] = await db.select({ id: jobs.id }).from(jobs).where(and(eq(jobs.kind, kind), eq(jobs.siteId, siteId), inArray(jobs.status, ['queued', 'running']))).limit(1);
  return Boolean(row);
}

/** Stops every job of `ids` that is still queued or running; finished ones are left as they are. */
export async function stopJobs(db: Db, scope: Scope, ids: string[], now: Date): Promise<number> {
  let stopped = 0;
  for (const id of new Set(ids)) {
    const job = await getJob(db, scope, id);
    if (job.status !== 'queued' && job.status !== 'running') continue;
    await requestStop(db, scope, id, now);
    stopped++;
  }
  return stopped;
}
