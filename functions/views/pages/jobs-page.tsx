import type { JobFilter, JobListRow } from '../../services/jobs/job-list.js';
import { JOB_KINDS, JOB_STATUSES } from '../../services/jobs/job-list.js';
import type { ListPage } from '../../services/table/list-query.js';
import type { ColumnDef, FormatContext } from '../../services/table/list-spec.js';
import { DataTable, tableColumns } from '../data-table.js';
import { Layout } from '../layout.js';
import type { ViewContext } from '../view-context.js';
import { PageHeader } from './page-header.js';

const STATUS_BADGE: Record<JobListRow['status'], string> = { queued: 'badge', running: 'badge', done: 'badge ok', failed: 'badge alarm', stopped: 'badge muted' };

function JobFilters({ v, filter }: { v: ViewContext; filter: JobFilter }) {
  return (
    <form method="get" action="/jobs" class="filters">
      <label for="jobs-kind">{v.t('jobs.kind')}</label>
      <select id="jobs-kind" name="kind">
        <option value="">{v.t('jobs.allKinds')}</option>
        {JOB_KINDS.map((k) => (
          <option value={k} selected={filter.kind === k}>{v.t(`jobs.kind.${k}`)}</option>
        ))}
      </select>
      <label for="jobs-status">{v.t('jobs.status')}</label>
      <select id="jobs-status" name="status">
        <option value="">{v.t('jobs.allStatuses')}</option>
        {JOB_STATUSES.map((s) => (
          <option value={s} selected={filter.status === s}>{v.t(`job.status.${s}`)}</option>
        ))}
      </select>
      <button type="submit" class="button small">{v.t('jobs.filter')}</button>
    </form>
  );
}

export function JobsPage({ v, page, fmt, columns, filter }: { v: ViewContext; page: ListPage<JobListRow>; fmt: FormatContext; columns: ColumnDef<JobListRow>[]; filter: JobFilter }) {
  const cols = tableColumns(columns, fmt, {
    status: (r) => <span class={STATUS_BADGE[r.status]}>{v.t(`job.status.${r.status}`)}</span>,
    progress: (r) =>
      r.progressTotal ? (
        <progress max={r.progressTotal} value={r.progressDone} aria-label={v.t('jobs.progress')}>
          {r.progressDone}/{r.progressTotal}
        </progress>
      ) : (
        ''
      ),
  });
  return (
    <Layout v={v} title={v.t('jobs.title')}>
      <PageHeader title={v.t('jobs.title')} />
      <p class="hint">{v.t('jobs.intro')}</p>
      <JobFilters v={v} filter={filter} />
      <DataTable
        v={v} caption={v.t('jobs.title')} basePath="/jobs" page={page} columns={cols} filters={{ kind: filter.kind, status: filter.status }}
        bulkActions={[{ formAction: '/jobs/stop', label: v.t('jobs.stopSelected'), confirm: v.t('jobs.stopConfirm') }]}
        selectable={(r) => r.status === 'queued' || r.status === 'running'} exportable={v.can('system', 'export')}
      />
    </Layout>
  );
}
