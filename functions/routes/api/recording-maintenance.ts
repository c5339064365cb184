import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.js';
import { auth } from '../../middleware/auth.js';
import { getMaintenanceJob, listMaintenanceJobs, maintenanceJobJson, stopMaintenanceJob, zipOf } from '../../services/recording-maintenance/maintenance-read.js';
import { RecordingsDeleteInputSchema, RecordingsExportInputSchema } from '../../services/recording-maintenance/maintenance-jobs.js';
import { startRecordingsDelete, startRecordingsExport } from '../../services/recording-maintenance/maintenance-start.js';
import { recordingSet } from '../../services/recording-maintenance/recording-sets.js';
import { ApiError, notFound } from '../../errors.js';
import { can } from '../../services/auth/permissions.js';
import { validate } from '../validate.js';
import { apiDoc } from './openapi-helpers.js';

const tags = ['Recordings maintenance'];
const ModuleParam = z.object({ module: z.string().min(1).meta({ description: '`conference` (v-conference); `calls` once v-rec is installed' }) });
const JobParam = ModuleParam.extend({ id: z.string().min(1) });

export const MaintenanceJob = z
  .object({
    id: z.string(),
    kind: z.enum(['recordings-export', 'node:recordings-export', 'recordings-delete']),
    siteId: z.string().nullable(),
    status: z.enum(['queued', 'running', 'done', 'failed', 'stopped']),
    progress: z.object({ done: z.number().int(), total: z.number().int() }),
    request: z.object({
      from: z.iso.datetime().nullable(), to: z.iso.datetime().nullable(), formats: z.array(z.string()),
      target: z.object({ kind: z.string(), bucket: z.string().nullable(), endPoint: z.string().nullable(), prefix: z.string().nullable(), folder: z.string().nullable() }).nullable(),
    }),
    result: z.record(z.string(), z.unknown()).nullable().meta({ description: 'Exports: exported, files, bytes, skipped, missing; ZIP: zipKey, expiresAt. Deletes: deleted.' }),
    error: z.string().nullable(),
    createdAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'RecordingsMaintenanceJob' });

const ExportBody = RecordingsExportInputSchema.omit({ module: true });
// Only the retention rule deletes 'via retention'.
const DeleteBody = RecordingsDeleteInputSchema.omit({ module: true, via: true });

/**
 * Mounted under /recordings-maintenance/:module: export (manual 4.5.2) and delete (4.5.3) a
 * module's recordings by period as background jobs, follow and stop them, download a ZIP.
 */
export const recordingMaintenanceApi = new Hono<AppEnv>()
  // Seeing the module comes first; each route then checks export or delete in its service.
  .use(async (c, next) => {
    const [module] = recordingSet(c.req.param('module') ?? '').exportPermission;
    if (!can(auth(c).scope.grants, module, 'view')) throw new ApiError('FORBIDDEN', `missing permission ${module}.view`);
    await next();
  })
  .post('/exports', apiDoc({ summary: "Start an export of the module's recordings (all, or a period) to a ZIP, an S3 bucket or a folder on the site's media node", tags, response: MaintenanceJob, status: 201 }),
    validate('param', ModuleParam), validate('json', ExportBody), async (c) => {
      const { db, now } = c.var.deps;
      const set = recordingSet(c.req.valid('param').module);
      const id = await startRecordingsExport(db, auth(c).scope, { ...c.req.valid('json'), module: set.module }, now());
      c.var.deps.runJobsSoon();
      return c.json(maintenanceJobJson(await getMaintenanceJob(db, auth(c).scope, set, id)), 201);
    })
  .post('/deletes', apiDoc({ summary: "Start deleting the module's recordings (all, or a period); the history entries stay", tags, response: MaintenanceJob, status: 201 }),
    validate('param', ModuleParam), validate('json', DeleteBody), async (c) => {
      const { db, now } = c.var.deps;
      const set = recordingSet(c.req.valid('param').module);
      const id = await startRecordingsDelete(db, auth(c).scope, { ...c.req.valid('json'), module: set.module }, now());
      c.var.deps.runJobsSoon();
      return c.json(maintenanceJobJson(await getMaintenanceJob(db, auth(c).scope, set, id)), 201);
    })
  .get('/jobs', apiDoc({ summary: "The module's newest export and delete jobs the caller may see, newest first", tags, response: z.object({ jobs: z.array(MaintenanceJob) }) }),
    validate('param', ModuleParam), async (c) => {
      const rows = await listMaintenanceJobs(c.var.deps.db, auth(c).scope, recordingSet(c.req.valid('param').module), 20);
      return c.json({ jobs: rows.map(maintenanceJobJson) });
    })
  .get('/jobs/:id', apiDoc({ summary: 'Progress and result of an export or delete job', tags, response: MaintenanceJob }), validate('param', JobParam), async (c) => {
    const { module, id } = c.req.valid('param');
    return c.json(maintenanceJobJson(await getMaintenanceJob(c.var.deps.db, auth(c).scope, recordingSet(module), id)));
  })
  .post('/jobs/:id/stop', apiDoc({ summary: 'Stop an export or delete job (what was done stays done; a ZIP holds what was exported)', tags, response: MaintenanceJob }), validate('param', JobParam), async (c) => {
    const { module, id } = c.req.valid('param');
    return c.json(maintenanceJobJson(await stopMaintenanceJob(c.var.deps.db, auth(c).scope, recordingSet(module), id, c.var.deps.now())));
  })
  .get('/jobs/:id/download', apiDoc({ summary: "Download a ZIP export's archive (application/zip) while it is kept (7 days)", tags }), validate('param', JobParam), async (c) => {
    const { module, id } = c.req.valid('param');
    const { blobs, db, now } = c.var.deps;
    const job = await getMaintenanceJob(db, auth(c).scope, recordingSet(module), id);
    const zip = zipOf(job, now());
    if (!blobs) throw new ApiError('NOT_CONFIGURED', 'no object storage is configured');
    const body = await blobs.get(zip.key);
    if (!body) throw notFound('export archive');
    const name = `${module}-recordings-${job.createdAt.toISOString().slice(0, 10)}-${job.id.slice(0, 8)}.zip`;
    return new Response(body, { headers: { 'content-type': 'application/zip', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' } });
  });
