import { and, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db.js';
import { jobs, sites } from '../../../schema/index.js';
import { inScopeSites, type Scope } from '../scope.js';
import { formatDateTime } from '../table/format.js';
import type { ListSpec } from '../table/list-spec.js';

export const JOB_KINDS = ['pbx-sync', 'email-send', 'webhook-delivery', 'recordings-export', 'recordings-delete', 'node:recordings-export'] as const;
export const JOB_STATUSES = ['queued', 'running', 'done', 'failed', 'stopped'] as const;

/** The jobs page's own filters, beside the data table's search, sort and paging. */
export const JobFilterSchema = z.object({
  kind: z.enum(JOB_KINDS).optional().or(z.literal('').transform(() => undefined)),
  status: z.enum(JOB_STATUSES).optional().or(z.literal('').transform(() => undefined)),
});
export type JobFilter = z.infer<typeof JobFilterSchema>;

export interface JobListRow {
  id: string;
  kind: string;
  siteName: string | null;
  status: (typeof JOB_STATUSES)[number];
  progressDone: number;
  progressTotal: number;
  attempts: number;
  error: string | null;
  runAt: Date;
  createdAt: Date;
  finishedAt: Date | null;
}

const kindLabel = (kind: string) => `jobs.kind.${kind}` as 'jobs.kind.pbx-sync';

/** Every background job of the organization on the actor's sites, newest first. */
export function jobListSpec(db: Db, scope: Scope, filter: JobFilter): ListSpec<JobListRow> {
  const visibleSites = scope.siteIds ? or(isNull(jobs.siteId), inScopeSites(jobs.siteId, scope)) : undefined;
  const base = (where: SQL | undefined) =>
    and(eq(jobs.orgId, scope.orgId), visibleSites, filter.kind ? eq(jobs.kind, filter.kind) : undefined, filter.status ? eq(jobs.status, filter.status) : undefined, where);
  const select = () =>
    db
      .select({
        id: jobs.id, kind: jobs.kind, siteName: sites.name, status: jobs.status, progressDone: jobs.progressDone, progressTotal: jobs.progressTotal,
        attempts: jobs.attempts, error: jobs.error, runAt: jobs.runAt, createdAt: jobs.createdAt, finishedAt: jobs.finishedAt,
      })
      .from(jobs)
      .leftJoin(sites, eq(sites.id, jobs.siteId));
  return {
    defaultSort: '-createdAt',
    idColumn: jobs.id,
    columns: [
      { key: 'kind', label: 'jobs.kind', sortBy: jobs.kind, sortValue: (r) => r.kind, search: jobs.kind, text: (r, ctx) => ctx.t(kindLabel(r.kind)), width: 2 },
      { key: 'site', label: 'jobs.site', text: (r, ctx) => r.siteName ?? ctx.t('jobs.noSite'), width: 2 },
      { key: 'status', label: 'jobs.status', sortBy: jobs.status, sortValue: (r) => r.status, text: (r, ctx) => ctx.t(`job.status.${r.status}`), width: 1 },
      { key: 'progress', label: 'jobs.progress', text: (r) => (r.progressTotal ? `${r.progressDone}/${r.progressTotal}` : ''), width: 1 },
      { key: 'attempts', label: 'jobs.attempts', sortBy: jobs.attempts, sortValue: (r) => r.attempts, text: (r) => String(r.attempts), width: 1 },
      { key: 'error', label: 'jobs.error', search: sql`coalesce(${jobs.error}, '')`, text: (r) => (r.error ?? '').slice(0, 200), width: 4 },
      { key: 'runAt', label: 'jobs.runAt', sortBy: jobs.runAt, sortValue: (r) => r.runAt.getTime(), text: (r, ctx) => (r.status === 'queued' ? formatDateTime(r.runAt, ctx) : ''), width: 2 },
      { key: 'createdAt', label: 'common.createdAt', sortBy: jobs.createdAt, sortValue: (r) => r.createdAt.getTime(), text: (r, ctx) => formatDateTime(r.createdAt, ctx), width: 2 },
      { key: 'finishedAt', label: 'jobs.finishedAt', text: (r, ctx) => (r.finishedAt ? formatDateTime(r.finishedAt, ctx) : ''), width: 2 },
    ],
    fetch: (where, orderBy, limit, offset) => select().where(base(where)).orderBy(...orderBy).limit(limit).offset(offset),
    count: (where) => db.$count(jobs, base(where)),
  };
}
