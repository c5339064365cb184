import type { JobRow } from '../../services/jobs/job-queue.js';
import { maintenanceRequest } from '../../services/recording-maintenance/maintenance-read.js';
import { formatDateTime } from '../../services/table/format.js';
import { CsrfField } from '../form.js';
import type { ViewContext } from '../view-context.js';

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const STATUS_CLASS: Record<JobRow['status'], string> = { queued: 'badge', running: 'badge', done: 'badge ok', stopped: 'badge muted', failed: 'badge alarm' };

/** The inside of a job's card, also served alone to refresh it while the job runs. */
export function MaintenanceJobBody({ v, job, basePath, now }: { v: ViewContext; job: JobRow; basePath: string; now: Date }) {
  const r = job.result ?? {};
  const active = job.status === 'queued' || job.status === 'running';
  const request = maintenanceRequest(job);
  const period = request.from && request.to ? v.t('recordings.periodText', { from: formatDateTime(new Date(request.from), v), to: formatDateTime(new Date(request.to), v) }) : v.t('recordings.allPeriod');
  const expiresAt = typeof r.expiresAt === 'string' ? new Date(r.expiresAt) : null;
  const failure = typeof r.errorKey === 'string' ? v.t(r.errorKey as 'recordings.err.needsNode') : job.error;
  return (
    <>
      <p>
        <strong>{v.t(`jobs.kind.${job.kind}` as 'jobs.kind.recordings-export')}</strong>{' '}
        <span class={STATUS_CLASS[job.status]}>{v.t(`job.status.${job.status}` as 'job.status.done')}</span>
        <br />
        <span class="hint">
          {formatDateTime(job.createdAt, v)} · {period}
          {request.target && request.target.kind !== 'zip' ? ` · ${request.target.bucket ?? request.target.folder ?? ''}` : ''}
        </span>
      </p>
      {active && (
        <>
          <progress max={job.progressTotal || 1} value={job.progressDone} aria-label={v.t('recordings.progress')}>
            {job.progressDone}/{job.progressTotal}
          </progress>
          <p class="hint">{v.t('recordings.progressText', { done: job.progressDone, total: job.progressTotal })}</p>
          <form method="post" action={`${basePath}/jobs/${job.id}/stop`} class="inline">
            <CsrfField v={v} />
            <button type="submit" class="button small danger">{v.t('recordings.stop')}</button>
          </form>
        </>
      )}
      {!active && job.kind !== 'recordings-delete' && job.status !== 'failed' && <p>{v.t('recordings.exported', { count: num(r.exported), files: num(r.files) })}</p>}
      {!active && job.kind === 'recordings-delete' && job.status !== 'failed' && <p>{v.t('recordings.deleted', { count: num(r.deleted) })}</p>}
      {num(r.skipped) > 0 && <p class="hint">{v.t('recordings.skipped', { count: num(r.skipped) })}</p>}
      {num(r.missing) > 0 && <p class="hint">{v.t('recordings.missing', { count: num(r.missing) })}</p>}
      {typeof r.zipKey === 'string' && expiresAt && expiresAt > now && (
        <p>
          <a class="button" href={`${basePath}/jobs/${job.id}/download`} download>
            {v.t('recordings.download')}
          </a>{' '}
          <span class="hint">{v.t('recordings.expires', { date: formatDateTime(expiresAt, v) })}</span>
        </p>
      )}
      {r.expired === true && <p class="hint">{v.t('recordings.expired')}</p>}
      {job.status === 'failed' && <p class="field-error">{failure}</p>}
    </>
  );
}

export function MaintenanceJobs({ v, jobs, basePath, now }: { v: ViewContext; jobs: JobRow[]; basePath: string; now: Date }) {
  return (
    <section class="card" aria-labelledby="maintenance-jobs">
      <h2 id="maintenance-jobs">{v.t('recordings.jobs')}</h2>
      {jobs.length === 0 && <p class="hint">{v.t('recordings.noJobs')}</p>}
      {jobs.map((job) => {
        const active = job.status === 'queued' || job.status === 'running';
        return (
          <div class="job-status" id={`job-${job.id}`} data-refresh={active ? `${basePath}/jobs/${job.id}` : undefined} data-refresh-ms={active ? '2000' : undefined} aria-live="polite">
            <MaintenanceJobBody v={v} job={job} basePath={basePath} now={now} />
          </div>
        );
      })}
    </section>
  );
}
