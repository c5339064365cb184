import type { JobRow } from '../../services/jobs/job-queue.js';
import type { SiteRow } from '../../services/sites/site-service.js';
import { formatDateTime } from '../../services/table/format.js';
import { CsrfField } from '../form.js';
import { Layout } from '../layout.js';
import type { ViewContext } from '../view-context.js';
import { PageHeader } from './page-header.js';

export interface SiteSync {
  site: SiteRow;
  jobs: JobRow[];
  /** Outcome of "Test connection" or a refused start, shown on the site's card. */
  notice: { ok: boolean; text: string } | null;
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

/** A job's state: progress while it runs, counts when done, the reason when it failed. */
export function JobStatus({ v, job }: { v: ViewContext; job: JobRow }) {
  const r = job.result ?? {};
  const active = job.status === 'queued' || job.status === 'running';
  const failure = typeof r.errorKey === 'string' ? v.t(r.errorKey as 'sync.err.unreachable', r.errorParams as Record<string, string>) : job.error;
  return (
    <div class="job-status" data-refresh={active ? `/sync/jobs/${job.id}` : undefined} aria-live="polite">
      <p>
        <span class={job.status === 'failed' ? 'badge alarm' : job.status === 'done' ? 'badge ok' : 'badge'}>{v.t(`job.status.${job.status}` as 'job.status.done')}</span>{' '}
        {formatDateTime(job.createdAt, v)}
      </p>
      {active && (
        <>
          <progress max={job.progressTotal || 1} value={job.progressDone} aria-label={v.t('sync.progress')}>
            {job.progressDone}/{job.progressTotal}
          </progress>
          <p class="hint">{v.t('sync.progressText', { done: job.progressDone, total: job.progressTotal })}</p>
          <form method="post" action={`/sync/jobs/${job.id}/stop`} class="inline">
            <CsrfField v={v} />
            <button type="submit" class="button small danger">{v.t('sync.stop')}</button>
          </form>
        </>
      )}
      {(job.status === 'done' || job.status === 'stopped') && (
        <p>{v.t('sync.resultText', { created: num(r.created), updated: num(r.updated), unchanged: num(r.unchanged), removed: num(r.removed), withoutEmail: num(r.withoutEmail) })}</p>
      )}
      {Array.isArray(r.conflicts) && r.conflicts.length > 0 && <p class="field-error">{v.t('sync.conflicts', { emails: (r.conflicts as string[]).slice(0, 10).join(', ') })}</p>}
      {Array.isArray(r.rejected) && r.rejected.length > 0 && <p class="hint">{v.t('sync.rejected', { count: r.rejected.length })}</p>}
      {job.status === 'failed' && <p class="field-error">{failure}</p>}
    </div>
  );
}

function SiteCard({ v, s }: { v: ViewContext; s: SiteSync }) {
  const http = s.site.pbxConnection.kind === 'http';
  return (
    <section class="card" aria-labelledby={`sync-${s.site.id}`}>
      <h2 id={`sync-${s.site.id}`}>{s.site.name}</h2>
      <p class="hint">
        {v.t('sites.connector')}: {v.t(`sites.connector.${s.site.pbxConnection.kind}`)} · {v.t('sync.lastRun')}:{' '}
        {s.site.lastSyncAt ? formatDateTime(s.site.lastSyncAt, v) : v.t('sync.never')}
      </p>
      {s.notice && (
        <p class={s.notice.ok ? 'flash' : 'error-summary'} role="status">
          {s.notice.text}
        </p>
      )}
      <div class="form-actions">
        {http && (
          <>
            <form method="post" action={`/sync/${s.site.id}/start`} class="inline">
              <CsrfField v={v} />
              <button type="submit" class="button primary">{v.t('sync.button')}</button>
            </form>
            <form method="post" action={`/sync/${s.site.id}/test`} class="inline">
              <CsrfField v={v} />
              <button type="submit" class="button">{v.t('sync.test')}</button>
            </form>
          </>
        )}
        {!http && s.site.pbxConnection.kind === 'none' && <a href={`/sites/${s.site.id}`}>{v.t('sync.configure')}</a>}
      </div>
      <form method="post" action={`/sync/${s.site.id}/start`} enctype="multipart/form-data" class="upload-form">
        <CsrfField v={v} />
        <div class="field">
          <label for={`csv-${s.site.id}`}>{v.t('sync.csvLabel')}</label>
          <input id={`csv-${s.site.id}`} type="file" name="file" accept=".csv,text/csv" required aria-describedby={`csv-hint-${s.site.id}`} />
          <p class="hint" id={`csv-hint-${s.site.id}`}>{v.t('sync.csvHint')}</p>
        </div>
        <button type="submit" class="button">{v.t('sync.csvSubmit')}</button>
      </form>
      {s.jobs.length > 0 && (
        <>
          <h3>{v.t('sync.history')}</h3>
          {s.jobs.map((job) => (
            <JobStatus v={v} job={job} />
          ))}
        </>
      )}
    </section>
  );
}

export function SyncPage({ v, sites }: { v: ViewContext; sites: SiteSync[] }) {
  return (
    <Layout v={v} title={v.t('sync.title')}>
      <PageHeader title={v.t('sync.title')} back={{ href: '/users', label: v.t('users.title') }} />
      <p class="hint">{v.t('sync.intro')}</p>
      {sites.map((s) => (
        <SiteCard v={v} s={s} />
      ))}
    </Layout>
  );
}
