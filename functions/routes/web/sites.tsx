import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import type { FieldError } from '../../errors.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { SiteSchema } from '../../services/sites/site-schemas.js';
import { createSite, deleteSites, getSite, organizationLanguage, siteListSpec, updateSite, type SiteRow } from '../../services/sites/site-service.js';
import { IdsSchema } from '../../services/users/user-schemas.js';
import { errorsByField } from '../../views/form.js';
import { SiteFormPage, SitesListPage, type SiteFormValues } from '../../views/pages/sites-pages.js';
import { doneRedirect } from './flash.js';
import { webList } from './list-page.js';
import { pageContext } from './page-context.js';
import { attempt, checkForm, formBody } from './read-form.js';
import { telephonyFieldErrors, telephonyInput, telephonyValuesFromForm, telephonyValuesOf } from './site-telephony-form.js';

function valuesOf(site: SiteRow | null, fallbackTimeZone: string, language: string): SiteFormValues {
  const conn = site?.pbxConnection;
  const http = conn?.kind === 'http' ? conn : null;
  return {
    name: site?.name ?? '', timeZone: site?.timeZone ?? fallbackTimeZone,
    voicemailOwnCode: site?.voicemailOwnCode ?? '1001', voicemailOtherCode: site?.voicemailOtherCode ?? '1002', conferenceCode: site?.conferenceCode ?? '1006',
    echoTestCode: site?.echoTestCode ?? '1009', recorderCode: site?.recorderCode ?? 'rec', ...telephonyValuesOf(site, language),
    pbxHost: site?.pbxHost ?? '', syncIntervalMinutes: String(site?.syncIntervalMinutes ?? 60), pbxKind: conn?.kind ?? 'none',
    pbxUrl: http?.url ?? '', pbxAuthHeaderSet: Boolean(http?.authHeader),
    pbxMapList: http?.mapping.list ?? '', pbxMapNumber: http?.mapping.number ?? 'number', pbxMapName: http?.mapping.name ?? 'name', pbxMapEmail: http?.mapping.email ?? 'email',
  };
}

function valuesFromForm(form: Record<string, unknown>, site: SiteRow | null): SiteFormValues {
  const authSet = site?.pbxConnection.kind === 'http' && Boolean(site.pbxConnection.authHeader);
  const s = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : '');
  return {
    name: s('name'), timeZone: s('timeZone'), voicemailOwnCode: s('voicemailOwnCode'), voicemailOtherCode: s('voicemailOtherCode'), conferenceCode: s('conferenceCode'),
    echoTestCode: s('echoTestCode'), recorderCode: s('recorderCode'), ...telephonyValuesFromForm(form, site),
    pbxHost: s('pbxHost'), syncIntervalMinutes: s('syncIntervalMinutes'), pbxKind: s('pbxKind'), pbxUrl: s('pbxUrl'), pbxAuthHeaderSet: authSet,
    pbxMapList: s('pbxMapList'), pbxMapNumber: s('pbxMapNumber'), pbxMapName: s('pbxMapName'), pbxMapEmail: s('pbxMapEmail'),
  };
}

/** The flat form in the nested shape of SiteSchema; a blank credential means "keep the stored one". */
function formInput(values: SiteFormValues, form: Record<string, unknown>): unknown {
  const authHeader = typeof form.pbxAuthHeader === 'string' ? form.pbxAuthHeader : '';
  const kind = values.pbxKind;
  const pbxConnection =
    kind === 'http'
      ? { kind, url: values.pbxUrl, authHeader: authHeader.trim() || undefined, mapping: { list: values.pbxMapList, number: values.pbxMapNumber, name: values.pbxMapName, email: values.pbxMapEmail } }
      : { kind };
  return {
    name: values.name, timeZone: values.timeZone, voicemailOwnCode: values.voicemailOwnCode, voicemailOtherCode: values.voicemailOtherCode,
    conferenceCode: values.conferenceCode,
    pbxHost: values.pbxHost, syncIntervalMinutes: Number(values.syncIntervalMinutes), pbxConnection, ...telephonyInput(values, form),
  };
}

async function renderForm(c: Context<AppEnv>, siteId: string | null, values: SiteFormValues | null, fields: FieldError[]) {
  const v = await pageContext(c);
  const { db } = c.var.deps;
  const site = siteId ? await getSite(db, auth(c).scope, siteId) : null;
  const shown = values ?? valuesOf(site, v.timeZone, site ? '' : await organizationLanguage(db, auth(c).scope.orgId));
  return c.html(
    <SiteFormPage v={v} siteId={siteId} values={shown} errors={errorsByField(v, telephonyFieldErrors(fields, shown, v.t))} timeZones={Intl.supportedValuesOf('timeZone')} />,
    fields.length ? 400 : 200,
  );
}

async function save(c: Context<AppEnv>, siteId: string | null) {
  const site = siteId ? await getSite(c.var.deps.db, auth(c).scope, siteId) : null;
  const form = await formBody(c);
  const values = valuesFromForm(form, site);
  const checked = checkForm(c, SiteSchema, formInput(values, form));
  if (!checked.ok) return renderForm(c, siteId, values, checked.fields);
  const { db, now } = c.var.deps;
  // A missing password (nothing stored to keep) or clashing codes are found by the service.
  const saved = await attempt(async () => {
    if (site) await updateSite(db, auth(c).scope, site.id, checked.data, now());
    else await createSite(db, auth(c).scope, checked.data, now());
  });
  if (!saved.ok) return renderForm(c, siteId, values, saved.fields);
  return doneRedirect(c, '/sites', 'flash.saved');
}

export const sitePages = new Hono<AppEnv>()
  .use('/sites/*', requirePermission('system', 'configure'))
  .get('/sites', requirePermission('system', 'configure'), (c) => {
    const spec = siteListSpec(c.var.deps.db, auth(c).scope);
    return webList(c, spec, 'system', 'sites.title', (v, page, fmt) => <SitesListPage v={v} page={page} fmt={fmt} columns={spec.columns} />);
  })
  .get('/sites/new', (c) => renderForm(c, null, null, []))
  .post('/sites/new', (c) => save(c, null))
  .post('/sites/delete', async (c) => {
    const checked = checkForm(c, IdsSchema, await formBody(c, ['ids']));
    if (!checked.ok) return doneRedirect(c, '/sites', 'flash.selectSome');
    const n = await deleteSites(c.var.deps.db, auth(c).scope, checked.data.ids, c.var.deps.now());
    return doneRedirect(c, '/sites', 'flash.deleted', n);
  })
  .get('/sites/:id', (c) => renderForm(c, c.req.param('id'), null, []))
  .post('/sites/:id', (c) => save(c, c.req.param('id')));
