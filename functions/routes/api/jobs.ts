import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { JOB_KINDS, JOB_STATUSES, JobFilterSchema, jobListSpec } from '../../services/jobs/job-list.js';
import { ListQuerySchema } from '../../services/table/list-query.js';
import { respondList } from '../list-response.js';
import { getJob, requestStop, type JobRow } from '../../services/jobs/job-queue.js';
import { validate } from '../validate.js';
import { apiDoc, listBody } from './openapi-helpers.js';

export const Job = z
  .object({
    id: z.string(),
    kind: z.string(),
    siteId: z.string().nullable(),
    status: z.enum(['queued', 'running', 'done', 'failed', 'stopped']),
    progress: z.object({ done: z.number().int(), total: z.number().int() }),
    result: z.record(z.string(), z.unknown()).nullable(),
    error: z.string().nullable(),
    createdAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Job' });

/** The public shape of a job: its input (which may hold an uploaded file) stays inside. */
export function jobJson(job: JobRow) {
  return {
    id: job.id, kind: job.kind, siteId: job.siteId, status: job.status, progress: { done: job.progressDone, total: job.progressTotal },
    result: job.result, error: job.error, createdAt: job.createdAt, finishedAt: job.finishedAt,
  };
}

const JobListItem = z
  .object({
    id: z.string(),
    kind: z.enum(JOB_KINDS),
    siteName: z.string().nullable(),
    status: z.enum(JOB_STATUSES),
    progressDone: z.number().int(),
    progressTotal: z.number().int(),
    attempts: z.number().int(),
    error: z.string().nullable(),
    runAt: z.iso.datetime(),
    createdAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'JobListItem' });

const IdParam = z.object({ id: z.string().min(1) });
const tags = ['jobs'];

export const jobsApi = new Hono<AppEnv>()
  .get(
    '/',
    apiDoc({ summary: 'Background jobs of the organization (filter by kind and status)', tags, response: listBody(JobListItem), exportable: true }),
    requirePermission('system', 'configure'),
    validate('query', ListQuerySchema.extend(JobFilterSchema.shape)),
    async (c) => {
      const { kind, status, ...query } = c.req.valid('query');
      return respondList(c, jobListSpec(c.var.deps.db, auth(c).scope, { kind, status }), query, 'system', 'jobs.title');
    },
  )
  .get('/:id', apiDoc({ summary: 'Progress and result of a background job (needs the permission of what started it)', tags, response: Job }), validate('param', IdParam), async (c) => {
    return c.json(jobJson(await getJob(c.var.deps.db, auth(c).scope, c.req.valid('param').id)));
  })
  .post('/:id/stop', apiDoc({ summary: 'Stop a background job (work already done stays done)', tags, response: Job }), validate('param', IdParam), async (c) => {
    return c.json(jobJson(await requestStop(c.var.deps.db, auth(c).scope, c.req.valid('param').id, c.var.deps.now())));
  });
