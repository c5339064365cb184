import type { JobRow } from '../../services/jobs/job-queue.js';
import type { MaintenanceFormValues } from '../../services/recording-maintenance/maintenance-form.js';
import type { RecordingModule } from '../../services/recording-maintenance/recording-set.js';
import { CsrfField, type FormErrors } from '../form.js';
import { Layout } from '../layout.js';
import type { ViewContext } from '../view-context.js';
import { MaintenanceJobs } from './recording-maintenance-jobs.js';
import { PageHeader } from './page-header.js';

export interface MaintenancePageProps {
  v: ViewContext;
  module: RecordingModule;
  basePath: string;
  back: { href: string; label: string };
  sites: { id: string; name: string }[];
  /** False for a site-limited administrator with one site: the picker has no "all sites". */
  allSitesAllowed: boolean;
  mayExport: boolean;
  mayDelete: boolean;
  jobs: JobRow[];
  now: Date;
  /** The form posted with errors, shown again with its values. */
  posted: { form: 'export' | 'delete'; values: MaintenanceFormValues; errors: FormErrors } | null;
  defaults: MaintenanceFormValues;
}

/** The control an error's field is shown on: the target's fields carry their own name, its kind the target picker. */
const anchor = (field: string) => (field === 'target' || field === 'target.kind' ? 'target' : field.replace(/^target\./, ''));

function Err({ id, error }: { id: string; error: string | undefined }) {
  return error ? <p class="field-error" id={`e-${id}`}>{error}</p> : null;
}

function Input(p: { id: string; name: string; label: string; value: string; error?: string | undefined; type?: string; hint?: string; autocomplete?: string; inputmode?: 'numeric' }) {
  const describedBy = [p.hint && `h-${p.id}`, p.error && `e-${p.id}`].filter(Boolean).join(' ') || undefined;
  return (
    <div class={p.error ? 'field has-error' : 'field'}>
      <label for={p.id}>{p.label}</label>
      <input id={p.id} name={p.name} type={p.type ?? 'text'} value={p.value} aria-invalid={p.error ? 'true' : undefined} aria-describedby={describedBy} autocomplete={p.autocomplete} inputmode={p.inputmode} />
      {p.hint && <p class="hint" id={`h-${p.id}`}>{p.hint}</p>}
      <Err id={p.id} error={p.error} />
    </div>
  );
}

/** "All recordings" or a period (manual figures 36 and 37), and the site. */
function RangeFields({ p, prefix, values, errors }: { p: MaintenancePageProps; prefix: string; values: MaintenanceFormValues; errors: FormErrors }) {
  const { v } = p;
  return (
    <>
      <fieldset class="checkbox-list">
        <legend>{v.t('recordings.range')}</legend>
        <label class="check" for={`${prefix}-range-all`}>
          <input type="radio" id={`${prefix}-range-all`} name="range" value="all" checked={values.range === 'all'} />
          {v.t('recordings.rangeAll')}
        </label>
        <label class="check" for={`${prefix}-range-period`}>
          <input type="radio" id={`${prefix}-range-period`} name="range" value="period" checked={values.range === 'period'} />
          {v.t('recordings.rangePeriod')}
        </label>
      </fieldset>
      <div class="form-row">
        <Input id={`${prefix}-from`} name="from" type="date" label={v.t('recordings.from')} value={values.from} error={errors.from} />
        <Input id={`${prefix}-to`} name="to" type="date" label={v.t('recordings.to')} value={values.to} error={errors.to} hint={v.t('recordings.periodHint', { zone: v.timeZone })} />
      </div>
      <div class={errors.siteId ? 'field has-error' : 'field'}>
        <label for={`${prefix}-siteId`}>{v.t('recordings.site')}</label>
        <select id={`${prefix}-siteId`} name="siteId" aria-describedby={errors.siteId ? `e-${prefix}-siteId` : undefined}>
          {p.allSitesAllowed && <option value="">{v.t('recordings.allSites')}</option>}
          {p.sites.map((s) => (
            <option value={s.id} selected={s.id === values.siteId}>{s.name}</option>
          ))}
        </select>
        <Err id={`${prefix}-siteId`} error={errors.siteId} />
      </div>
    </>
  );
}

function ExportForm({ p }: { p: MaintenancePageProps }) {
  const { v } = p;
  const mine = p.posted?.form === 'export' ? p.posted : null;
  const values = mine?.values ?? p.defaults;
  const errors = mine?.errors ?? {};
  const e = (name: string) => errors[`target.${name}`];
  return (
    <form method="post" action={`${p.basePath}/export`} class="card form" aria-labelledby="export-title" novalidate>
      <h2 id="export-title">{v.t('recordings.exportTitle')}</h2>
      <CsrfField v={v} />
      <RangeFields p={p} prefix="x" values={values} errors={errors} />
      <fieldset class={errors.formats ? 'checkbox-list has-error' : 'checkbox-list'} id="x-formats">
        <legend>{v.t('recordings.formats')}</legend>
        {(['mp3', 'wav', 'gsm'] as const).map((f) => (
          <label class="check" for={`x-format-${f}`}>
            <input type="checkbox" id={`x-format-${f}`} name="formats" value={f} checked={values.formats.includes(f)} />
            {f.toUpperCase()}
          </label>
        ))}
        <Err id="x-formats" error={errors.formats} />
      </fieldset>
      <div class="field">
        <label for="x-target">{v.t('recordings.target')}</label>
        <select id="x-target" name="target">
          {(['zip', 'bucket', 'node-folder'] as const).map((t) => (
            <option value={t} selected={values.target === t}>{v.t(`recordings.target.${t}`)}</option>
          ))}
        </select>
        <Err id="x-target" error={errors['target.kind'] ?? errors.target} />
      </div>
      <fieldset data-show-when="target=bucket">
        <legend>{v.t('recordings.target.bucket')}</legend>
        <Input id="x-endPoint" name="target.endPoint" label={v.t('recordings.endPoint')} value={values.endPoint} error={e('endPoint')} autocomplete="off" />
        <Input id="x-port" name="target.port" label={v.t('recordings.port')} value={values.port} error={e('port')} inputmode="numeric" />
        <label class="check" for="x-useSSL">
          <input type="checkbox" id="x-useSSL" name="target.useSSL" checked={values.useSSL} />
          {v.t('recordings.useSSL')}
        </label>
        <Input id="x-region" name="target.region" label={v.t('recordings.region')} value={values.region} error={e('region')} />
        <Input id="x-bucket" name="target.bucket" label={v.t('recordings.bucket')} value={values.bucket} error={e('bucket')} autocomplete="off" />
        <Input id="x-prefix" name="target.prefix" label={v.t('recordings.prefix')} value={values.prefix} error={e('prefix')} />
        <Input id="x-accessKey" name="target.accessKey" label={v.t('recordings.accessKey')} value={values.accessKey} error={e('accessKey')} autocomplete="off" />
        <Input id="x-secretKey" name="target.secretKey" type="password" label={v.t('recordings.secretKey')} value="" error={e('secretKey')} hint={v.t('recordings.secretHint')} autocomplete="new-password" />
      </fieldset>
      <div data-show-when="target=node-folder">
        <Input id="x-folder" name="target.folder" label={v.t('recordings.folder')} value={values.folder} error={e('folder')} hint={v.t('recordings.folderHint')} />
      </div>
      <div class="form-actions">
        <button type="submit" class="button primary">{v.t('recordings.exportButton')}</button>
      </div>
    </form>
  );
}

function DeleteForm({ p }: { p: MaintenancePageProps }) {
  const { v } = p;
  const mine = p.posted?.form === 'delete' ? p.posted : null;
  const errors = mine?.errors ?? {};
  return (
    <form method="post" action={`${p.basePath}/delete`} class="card form" aria-labelledby="delete-title" novalidate>
      <h2 id="delete-title">{v.t('recordings.deleteTitle')}</h2>
      <CsrfField v={v} />
      <p class="error-summary" role="note">{v.t(p.module === 'calls' ? 'recordings.deleteWarningCalls' : 'recordings.deleteWarning')}</p>
      <RangeFields p={p} prefix="d" values={mine?.values ?? p.defaults} errors={errors} />
      <div class={errors.confirm ? 'field has-error' : 'field'}>
        <label class="check" for="d-confirm">
          <input type="checkbox" id="d-confirm" name="confirm" value="yes" aria-describedby={errors.confirm ? 'e-d-confirm' : undefined} />
          {v.t('recordings.confirmLabel')}
        </label>
        <Err id="d-confirm" error={errors.confirm} />
      </div>
      <div class="form-actions">
        <button type="submit" class="button danger" data-confirm={v.t('recordings.deleteConfirm')}>{v.t('recordings.deleteButton')}</button>
      </div>
    </form>
  );
}

/** Manual 4.5.2/4.5.3 (5.5 for v-rec): export and delete a module's recordings, and the recent jobs. */
export function RecordingMaintenancePage(p: MaintenancePageProps) {
  const { v } = p;
  const title = `${v.t(`recordings.module.${p.module}`)} — ${v.t('recordings.maintenance')}`;
  return (
    <Layout v={v} title={title}>
      <PageHeader title={title} back={p.back} />
      <p class="hint">{v.t('recordings.intro')}</p>
      {p.posted && Object.keys(p.posted.errors).length > 0 && (
        <div class="error-summary" role="alert" tabindex={-1}>
          <p>{v.t('form.fixErrors')}</p>
          <ul>
            {Object.entries(p.posted.errors).map(([field, message]) => (
              <li>
                <a href={`#${p.posted!.form === 'export' ? 'x' : 'd'}-${anchor(field)}`}>{message}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {p.mayExport && <ExportForm p={p} />}
      {p.mayDelete && <DeleteForm p={p} />}
      <MaintenanceJobs v={v} jobs={p.jobs} basePath={p.basePath} now={p.now} />
    </Layout>
  );
}
