import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.js';
import { ApiError } from '../../errors.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { getJob } from '../../services/jobs/job-queue.js';
import { checkConnection, MAX_CSV_BYTES, startSync } from '../../services/sync/start-sync.js';
import { validate } from '../validate.js';
import { Job, jobJson } from './jobs.js';
import { apiDoc } from './openapi-helpers.js';

const IdParam = z.object({ id: z.string().min(1) });
const Check = z.object({ extensions: z.number().int(), withEmail: z.number().int(), rejected: z.array(z.object({ row: z.number().int(), reason: z.string() })) }).meta({ id: 'ConnectionCheck' });
const tags = ['PBX synchronization'];

/** The CSV of a multipart upload (field "file"), or null for a sync from the site's connector. */
export async function uploadedCsv(c: Context<AppEnv>): Promise<string | null> {
  if (!(c.req.header('content-type') ?? '').startsWith('multipart/form-data')) return null;
  const file = (await c.req.parseBody()).file;
  if (!(file instanceof File)) throw new ApiError('VALIDATION', 'file: choose a CSV file', { fields: [{ field: 'file', message: 'sync.err.csvMissing' }] });
  if (file.size > MAX_CSV_BYTES) throw new ApiError('PAYLOAD_TOO_LARGE', `file: larger than ${MAX_CSV_BYTES / 1024 / 1024} MB`, { fields: [{ field: 'file', message: 'sync.err.csvTooLarge' }] });
  return file.text();
}

/** Mounted under /sites (so, like every site route, it needs system.configure): synchronize a site's extensions and users with its PBX (manual 2.5.4). */
export const syncApi = new Hono<AppEnv>()
  .post('/:id/sync', apiDoc({
      summary: 'Start a synchronization: from the PBX connector (no body), or from an uploaded CSV (multipart "file")',
      tags, response: Job, status: 201,
      requestBody: {
        description: 'Optional CSV upload: columns number, name, email (header row; comma or semicolon); at most 5 MB',
        content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } } },
      },
    }), requirePermission('system', 'configure'), validate('param', IdParam), async (c) => {
    const { db, now } = c.var.deps;
    const id = await startSync(db, auth(c).scope, c.req.valid('param').id, await uploadedCsv(c), now());
    c.var.deps.runJobsSoon();
    return c.json(jobJson(await getJob(db, auth(c).scope, id)), 201);
  })
  .post('/:id/sync/test', apiDoc({ summary: 'Check the PBX connection: read the extensions without changing anything', tags, response: Check }), requirePermission('system', 'configure'), validate('param', IdParam), async (c) => {
    return c.json(await checkConnection(c.var.deps.db, auth(c).scope, c.req.valid('param').id, fetch));
  });
