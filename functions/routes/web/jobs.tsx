import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { validationError } from '../../errors.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { JobFilterSchema, jobListSpec } from '../../services/jobs/job-list.js';
import { stopJobs } from '../../services/jobs/job-queue.js';
import { IdsSchema } from '../../services/users/user-schemas.js';
import { JobsPage } from '../../views/pages/jobs-page.js';
import { issuesToFields } from '../validate.js';
import { doneRedirect } from './flash.js';
import { webList } from './list-page.js';
import { checkForm, formBody } from './read-form.js';

export const jobPages = new Hono<AppEnv>()
  .use('/jobs', requirePermission('system', 'configure'))
  .use('/jobs/*', requirePermission('system', 'configure'))
  .get('/jobs', (c) => {
    const parsed = JobFilterSchema.safeParse({ kind: c.req.query('kind') ?? '', status: c.req.query('status') ?? '' });
    if (!parsed.success) throw validationError(issuesToFields(parsed.error.issues));
    const spec = jobListSpec(c.var.deps.db, auth(c).scope, parsed.data);
    return webList(c, spec, 'system', 'jobs.title', (v, page, fmt) => <JobsPage v={v} page={page} fmt={fmt} columns={spec.columns} filter={parsed.data} />);
  })
  .post('/jobs/stop', async (c) => {
    const checked = checkForm(c, IdsSchema, await formBody(c, ['ids']));
    if (!checked.ok) return doneRedirect(c, '/jobs', 'flash.selectSome');
    const n = await stopJobs(c.var.deps.db, auth(c).scope, checked.data.ids, c.var.deps.now());
    return doneRedirect(c, '/jobs', 'jobs.stopped', n);
  });
