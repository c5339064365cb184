import type { SiteRow } from '../../services/sites/site-service.js';
import type { ListPage } from '../../services/table/list-query.js';
import type { ColumnDef, FormatContext } from '../../services/table/list-spec.js';
import { DataTable, tableColumns } from '../data-table.js';
import { CsrfField, ErrorSummary, FormActions, SelectField, TextField, type FormErrors } from '../form.js';
import { Layout } from '../layout.js';
import type { ViewContext } from '../view-context.js';
import { PageHeader } from './page-header.js';
import { SiteTelephonyFields, TELEPHONY_FORM_FIELD, telephonyLabels, type SiteTelephonyValues } from './site-telephony-fields.js';

export function SitesListPage({ v, page, fmt, columns }: { v: ViewContext; page: ListPage<SiteRow>; fmt: FormatContext; columns: ColumnDef<SiteRow>[] }) {
  const cols = tableColumns(columns, fmt, { name: (r) => <a href={`/sites/${r.id}`}>{r.name}</a> });
  const limited = v.scope?.siteIds !== null;
  return (
    <Layout v={v} title={v.t('sites.title')}>
      <PageHeader title={v.t('sites.title')}>
        {!limited && (
          <a href="/sites/new" class="button primary">
            {v.t('common.new')}
          </a>
        )}
      </PageHeader>
      <DataTable v={v} caption={v.t('sites.title')} basePath="/sites" page={page} columns={cols} bulkActions={[{ formAction: '/sites/delete', label: v.t('common.deleteSelected'), confirm: v.t('sites.confirmDelete') }]} exportable={v.can('system', 'export')} />
    </Layout>
  );
}

/** Flat form values; the PBX connection's fields are prefixed with "pbx", the media node's with "sip". */
export interface SiteFormValues extends SiteTelephonyValues {
  name: string;
  timeZone: string;
  voicemailOwnCode: string;
  voicemailOtherCode: string;
  conferenceCode: string;
  echoTestCode: string;
  recorderCode: string;
  pbxHost: string;
  syncIntervalMinutes: string;
  pbxKind: string;
  pbxUrl: string;
  pbxAuthHeaderSet: boolean;
  pbxMapList: string;
  pbxMapNumber: string;
  pbxMapName: string;
  pbxMapEmail: string;
}

/** The form's own field for each nested path the schema reports, so the error summary links reach it. */
const FORM_FIELD: Record<string, string> = {
  'pbxConnection.url': 'pbxUrl',
  'pbxConnection.authHeader': 'pbxAuthHeader',
  'pbxConnection.mapping.list': 'pbxMapList',
  'pbxConnection.mapping.number': 'pbxMapNumber',
  'pbxConnection.mapping.name': 'pbxMapName',
  'pbxConnection.mapping.email': 'pbxMapEmail',
  ...TELEPHONY_FORM_FIELD,
};

export function SiteFormPage(p: { v: ViewContext; siteId: string | null; values: SiteFormValues; errors: FormErrors; timeZones: string[] }) {
  const { v, values, errors } = p;
  const title = p.siteId ? v.t('sites.edit') : v.t('sites.new');
  const labels: Record<string, string> = {
    name: v.t('sites.name'), timeZone: v.t('sites.timeZone'), voicemailOwnCode: v.t('sites.voicemailOwnCode'),
    voicemailOtherCode: v.t('sites.voicemailOtherCode'), conferenceCode: v.t('sites.conferenceCode'), pbxHost: v.t('sites.pbxHost'),
    syncIntervalMinutes: v.t('sites.syncInterval'), pbxUrl: v.t('sites.pbxUrl'), pbxAuthHeader: v.t('sites.pbxAuthHeader'),
    pbxMapList: v.t('sites.mapList'), pbxMapNumber: v.t('sites.mapNumber'), pbxMapName: v.t('sites.mapName'), pbxMapEmail: v.t('sites.mapEmail'),
    ...telephonyLabels(v),
  };
  const err = (k: string) => errors[k];
  const summary = Object.fromEntries(Object.entries(errors).map(([k, message]) => [FORM_FIELD[k] ?? k, message]));
  return (
    <Layout v={v} title={title}>
      <PageHeader title={title} back={{ href: '/sites', label: v.t('sites.title') }} />
      <form method="post" action={p.siteId ? `/sites/${p.siteId}` : '/sites/new'} class="card form" novalidate>
        <CsrfField v={v} />
        <ErrorSummary v={v} errors={summary} labels={labels} />
        <div class="form-grid">
          <TextField name="name" label={labels.name!} value={values.name} error={err('name')} required maxlength={120} />
          <div class="field">
            <label for="f-timeZone">{labels.timeZone}</label>
            <input id="f-timeZone" name="timeZone" value={values.timeZone} list="time-zones" required aria-invalid={err('timeZone') ? 'true' : undefined} aria-describedby={err('timeZone') ? 'e-timeZone' : undefined} />
            <datalist id="time-zones">
              {p.timeZones.map((tz) => (
                <option value={tz} />
              ))}
            </datalist>
            {err('timeZone') && <p class="field-error" id="e-timeZone">{err('timeZone')}</p>}
          </div>
        </div>
        <fieldset>
          <legend>{v.t('sites.codes')}</legend>
          <div class="form-grid">
            <TextField name="voicemailOwnCode" label={labels.voicemailOwnCode!} value={values.voicemailOwnCode} error={err('voicemailOwnCode')} inputmode="numeric" maxlength={8} />
            <TextField name="voicemailOtherCode" label={labels.voicemailOtherCode!} value={values.voicemailOtherCode} error={err('voicemailOtherCode')} inputmode="numeric" maxlength={8} />
            <TextField name="conferenceCode" label={labels.conferenceCode!} value={values.conferenceCode} error={err('conferenceCode')} inputmode="numeric" maxlength={8} />
            <TextField name="echoTestCode" label={labels.echoTestCode!} value={values.echoTestCode} error={err('echoTestCode')} maxlength={20} />
            <TextField name="recorderCode" label={labels.recorderCode!} value={values.recorderCode} error={err('recorderCode')} maxlength={20} />
          </div>
          <p class="hint">{v.t('sites.codesHint')}</p>
        </fieldset>
        <fieldset>
          <legend>{v.t('sites.pbx')}</legend>
          <div class="form-grid">
            <TextField name="pbxHost" label={labels.pbxHost!} value={values.pbxHost} error={err('pbxHost')} hint={v.t('sites.pbxHostHint')} />
            <SelectField
              name="pbxKind"
              label={v.t('sites.connector')}
              value={values.pbxKind}
              options={['none', 'http', 'csv'].map((k) => ({ value: k, label: v.t(`sites.connector.${k}` as 'sites.connector.none') }))}
            />
            <TextField name="syncIntervalMinutes" type="number" label={labels.syncIntervalMinutes!} value={values.syncIntervalMinutes} error={err('syncIntervalMinutes')} hint={v.t('sites.syncIntervalHint')} />
          </div>
          <div class="form-grid" data-show-when="pbxKind=http">
            <TextField name="pbxUrl" type="url" label={labels.pbxUrl!} value={values.pbxUrl} error={err('pbxConnection.url')} hint={v.t('sites.pbxUrlHint')} />
            <TextField
              name="pbxAuthHeader"
              label={labels.pbxAuthHeader!}
              error={err('pbxConnection.authHeader')}
              hint={values.pbxAuthHeaderSet ? v.t('sites.pbxAuthHeaderKeep') : v.t('sites.pbxAuthHeaderHint')}
              autocomplete="off"
            />
            <TextField name="pbxMapList" label={labels.pbxMapList!} value={values.pbxMapList} error={err('pbxConnection.mapping.list')} hint={v.t('sites.mapHint')} />
            <TextField name="pbxMapNumber" label={labels.pbxMapNumber!} value={values.pbxMapNumber} error={err('pbxConnection.mapping.number')} />
            <TextField name="pbxMapName" label={labels.pbxMapName!} value={values.pbxMapName} error={err('pbxConnection.mapping.name')} />
            <TextField name="pbxMapEmail" label={labels.pbxMapEmail!} value={values.pbxMapEmail} error={err('pbxConnection.mapping.email')} />
          </div>
        </fieldset>
        <SiteTelephonyFields v={v} values={values} errors={errors} />
        <FormActions v={v} cancelHref="/sites" />
      </form>
    </Layout>
  );
}
