import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { ApiError, validationError } from '../../errors.js';
import type { MessageKey } from '../../i18n/index.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { can } from '../../services/auth/permissions.js';
import { EMPTY_FORM, exportRequest, formPeriod, formValues, type MaintenanceFormValues } from '../../services/recording-maintenance/maintenance-form.js';
import { RecordingsDeleteInputSchema, RecordingsExportInputSchema } from '../../services/recording-maintenance/maintenance-jobs.js';
import { getMaintenanceJob, listMaintenanceJobs, stopMaintenanceJob, zipOf } from '../../services/recording-maintenance/maintenance-read.js';
import { startRecordingsDelete, startRecordingsExport } from '../../services/recording-maintenance/maintenance-start.js';
import type { RecordingModule, RecordingSet } from '../../services/recording-maintenance/recording-set.js';
import { RECORDING_SETS } from '../../services/recording-maintenance/recording-sets.js';
import { getSite, listSites, organizationTimeZone } from '../../services/sites/site-service.js';
import { errorsByField } from '../../views/form.js';
import { MaintenanceJobBody } from '../../views/pages/recording-maintenance-jobs.js';
import { RecordingMaintenancePage } from '../../views/pages/recording-maintenance-page.js';
import { issuesToFields } from '../validate.js';
import { doneRedirect } from './flash.js';
import { pageContext } from './page-context.js';

/** Where each module's maintenance page lives and what it goes back to (v-rec's is ready for its set). */
export const MAINTENANCE_PAGES: Record<RecordingModule, { path: string; back: string; backLabel: MessageKey }> = {
  conference: { path: '/conference/maintenance', back: '/conference', backLabel: 'conference.title' },
  calls: { path: '/recordings/maintenance', back: '/recordings', backLabel: 'recordings.module.calls' },
};

type Posted = { form: 'export' | 'delete'; values: MaintenanceFormValues; fields: { field: string; message: string }[] };

async function render(c: Context<AppEnv>, set: RecordingSet, posted: Posted | null = null) {
  const { db, now } = c.var.deps;
  const { scope } = auth(c);
  const page = MAINTENANCE_PAGES[set.module];
  const v = await pageContext(c);
  const jobs = await listMaintenanceJobs(db, scope, set, 10);
  const sites = (await listSites(db, scope)).map((s) => ({ id: s.id, name: s.name }));
  return c.html(
    <RecordingMaintenancePage
      v={v} module={set.module} basePath={page.path} back={{ href: page.back, label: v.t(page.backLabel) }} sites={sites} allSitesAllowed={scope.siteIds === null || sites.length > 1}
      mayExport={can(scope.grants, ...set.exportPermission)} mayDelete={can(scope.grants, ...set.deletePermission)} jobs={jobs} now={now()} defaults={EMPTY_FORM}
      posted={posted && { form: posted.form, values: posted.values, errors: errorsByField(v, posted.fields) }}
    />,
    posted ? 400 : 200,
  );
}

/** The period's clock: the chosen site's, or the organization's for all sites. */
async function timeZoneOf(c: Context<AppEnv>, siteId: string): Promise<string> {
  const { scope } = auth(c);
  return siteId ? (await getSite(c.var.deps.db, scope, siteId)).timeZone : organizationTimeZone(c.var.deps.db, scope.orgId);
}

/** Runs a start; refused input shows the form again with its errors. */
async function orForm(c: Context<AppEnv>, set: RecordingSet, form: Posted['form'], values: MaintenanceFormValues, work: () => Promise<unknown>) {
  try {
    await work();
  } catch (err) {
    if (err instanceof ApiError && err.code === 'VALIDATION') return render(c, set, { form, values, fields: err.fields ?? [] });
    throw err;
  }
  c.var.deps.runJobsSoon();
  return doneRedirect(c, MAINTENANCE_PAGES[set.module].path, 'recordings.started');
}

function pagesOf(set: RecordingSet) {
  const path = MAINTENANCE_PAGES[set.module].path;
  const canView = requirePermission(set.exportPermission[0], 'view');
  return new Hono<AppEnv>()
    .use(path, canView)
    .use(`${path}/*`, canView)
    .get(path, (c) => render(c, set))
    .post(`${path}/export`, async (c) => {
      const body = await c.req.parseBody({ all: true });
      const values = formValues(body);
      return orForm(c, set, 'export', values, async () => {
        const raw = exportRequest(body, values, formPeriod(values, await timeZoneOf(c, values.siteId)));
        const parsed = RecordingsExportInputSchema.safeParse({ ...raw, module: set.module });
        if (!parsed.success) throw validationError(issuesToFields(parsed.error.issues));
        await startRecordingsExport(c.var.deps.db, auth(c).scope, parsed.data, c.var.deps.now());
      });
    })
    .post(`${path}/delete`, async (c) => {
      const body = await c.req.parseBody({ all: true });
      const values = formValues(body);
      return orForm(c, set, 'delete', values, async () => {
        if (body.confirm !== 'yes') throw validationError([{ field: 'confirm', message: 'recordings.err.confirm' }]);
        const period = formPeriod(values, await timeZoneOf(c, values.siteId));
        const parsed = RecordingsDeleteInputSchema.safeParse({ module: set.module, siteId: values.siteId || null, ...period });
        if (!parsed.success) throw validationError(issuesToFields(parsed.error.issues));
        await startRecordingsDelete(c.var.deps.db, auth(c).scope, parsed.data, c.var.deps.now());
      });
    })
    .get(`${path}/jobs/:id`, async (c) => {
      const job = await getMaintenanceJob(c.var.deps.db, auth(c).scope, set, c.req.param('id'));
      c.header('cache-control', 'no-store');
      return c.html(<MaintenanceJobBody v={await pageContext(c)} job={job} basePath={path} now={c.var.deps.now()} />);
    })
    .post(`${path}/jobs/:id/stop`, async (c) => {
      try {
        await stopMaintenanceJob(c.var.deps.db, auth(c).scope, set, c.req.param('id'), c.var.deps.now());
      } catch (err) {
        if (err instanceof ApiError && err.code === 'CONFLICT') return doneRedirect(c, path, 'err.jobFinished');
        throw err;
      }
      return doneRedirect(c, path, 'recordings.stopping');
    })
    .get(`${path}/jobs/:id/download`, async (c) => {
      const { db, blobs, now } = c.var.deps;
      const job = await getMaintenanceJob(db, auth(c).scope, set, c.req.param('id'));
      const zip = zipOf(job, now());
      const body = blobs ? await blobs.get(zip.key) : null;
      if (!body) throw new ApiError('NOT_FOUND', 'export archive not found');
      const name = `${set.module}-recordings-${job.createdAt.toISOString().slice(0, 10)}-${job.id.slice(0, 8)}.zip`;
      return new Response(body, { headers: { 'content-type': 'application/zip', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' } });
    });
}

/** The maintenance page of every module with a registered recording set. */
export const recordingMaintenancePages = Object.values(RECORDING_SETS).reduce((app, set) => app.route('/', pagesOf(set)), new Hono<AppEnv>());
