import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { ApiError } from '../../errors.js';
import { isMessageKey } from '../../i18n/index.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { getJob, recentJobs, requestStop } from '../../services/jobs/job-queue.js';
import { listSites } from '../../services/sites/site-service.js';
import { checkConnection, PBX_SYNC_JOB, startSync } from '../../services/sync/start-sync.js';
import { JobStatus, SyncPage, type SiteSync } from '../../views/pages/sync-page.js';
import { uploadedCsv } from '../api/sync.js';
import { doneRedirect } from './flash.js';
import { pageContext } from './page-context.js';

async function render(c: Context<AppEnv>, notices: Record<string, SiteSync['notice']> = {}, status: 200 | 400 | 409 | 502 = 200) {
  const { db } = c.var.deps;
  const { scope } = auth(c);
  const sites = await listSites(db, scope);
  const cards = await Promise.all(sites.map(async (site) => ({ site, jobs: await recentJobs(db, scope, PBX_SYNC_JOB, site.id), notice: notices[site.id] ?? null })));
  return c.html(<SyncPage v={await pageContext(c)} sites={cards} />, status);
}

/** A refused start or failed test, in the page's language, on the site's card. */
function noticeOf(c: Context<AppEnv>, err: ApiError): string {
  const key = err.fields?.[0]?.message ?? err.messageKey;
  return key && isMessageKey(key) ? c.var.t(key, err.messageParams) : err.message;
}

async function orNotice(c: Context<AppEnv>, siteId: string, work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof ApiError) || err.code === 'NOT_FOUND' || err.code === 'FORBIDDEN') throw err;
    const status = err.code === 'CONFLICT' ? 409 : err.code === 'PBX_UNREACHABLE' ? 502 : 400;
    return render(c, { [siteId]: { ok: false, text: noticeOf(c, err) } }, status);
  }
}

export const syncPages = new Hono<AppEnv>()
  .use('/sync/*', requirePermission('system', 'configure'))
  .get('/sync', requirePermission('system', 'configure'), (c) => render(c))
  .post('/sync/:siteId/start', (c) => {
    const siteId = c.req.param('siteId');
    return orNotice(c, siteId, async () => {
      await startSync(c.var.deps.db, auth(c).scope, siteId, await uploadedCsv(c), c.var.deps.now());
      c.var.deps.runJobsSoon();
      return doneRedirect(c, '/sync', 'sync.started');
    });
  })
  .post('/sync/:siteId/test', (c) => {
    const siteId = c.req.param('siteId');
    return orNotice(c, siteId, async () => {
      const check = await checkConnection(c.var.deps.db, auth(c).scope, siteId, fetch);
      return render(c, { [siteId]: { ok: true, text: c.var.t('sync.testOk', { count: check.extensions, withEmail: check.withEmail }) } });
    });
  })
  .get('/sync/jobs/:id', async (c) => {
    const job = await getJob(c.var.deps.db, auth(c).scope, c.req.param('id'));
    c.header('cache-control', 'no-store');
    return c.html(<JobStatus v={await pageContext(c)} job={job} />);
  })
  .post('/sync/jobs/:id/stop', async (c) => {
    await requestStop(c.var.deps.db, auth(c).scope, c.req.param('id'), c.var.deps.now());
    return doneRedirect(c, '/sync', 'sync.stopping');
  });
