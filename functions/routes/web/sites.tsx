import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import type { FieldError } from '../../errors.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { SiteSchema } from '../../services/sites/site-schemas.js';
import { createSite, deleteSites, getSite, siteListSpec, updateSite, type SiteRow } from '../../services/sites/site-service.js';
import { IdsSchema } from '../../services/users/user-schemas.js';
import { errorsByField } from '../../views/form.js';
import { SiteFormPage, SitesListPage, type SiteFormValues } from '../../views/pages/sites-pages.js';
import { doneRedirect } from './flash.js';
import { webList } from './list-page.js';
import { pageContext } from './page-context.js';
import { checkForm, formBody } from './read-form.js';

function valuesOf(site: SiteRow | null, fallbackTimeZone: string): SiteFormValues {
  const conn = site?.pbxConnection;
  const http = conn?.kind === 'http' ? conn : null;
  return {
    name: site?.name ?? '', timeZone: site?.timeZone ?? fallbackTimeZone,
    voicemailOwnCode: site?.voicemailOwnCode ?? '1001', voicemailOtherCode: site?.voicemailOtherCode ?? '1002', conferenceCode: site?.conferenceCode ?? '1006',
    pbxHost: site?.pbxHost ?? '', syncIntervalMinutes: String(site?.syncIntervalMinutes ?? 60), pbxKind: conn?.kind ?? 'none',
    pbxUrl: http?.url ?? '', pbxAuthHeaderSet: Boolean(http?.authHeader),
    pbxMapList: http?.mapping.list ?? '', pbxMapNumber: http?.mapping.number ?? 'number', pbxMapName: http?.mapping.name ?? 'name', pbxMapEmail: http?.mapping.email ?? 'email',
  };
}

function valuesFromForm(form: Record<string, unknown>, authSet: boolean): SiteFormValues {
  const s = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : '');
  return {
    name: s('name'), timeZone: s('timeZone'), voicemailOwnCode: s('voicemailOwnCode'), voicemailOtherCode: s('voicemailOtherCode'), conferenceCode: s('conferenceCode'),
    pbxHost: s('pbxHost'), syncIntervalMinutes: s('syncIntervalMinutes'), pbxKind: s('pbxKind'), pbxUrl: s('pbxUrl'), pbxAuthHeaderSet: authSet,
    pbxMapList: s('pbxMapList'), pbxMapNumber: s('pbxMapNumber'), pbxMapName: s('pbxMapName'), pbxMapEmail: s('pbxMapEmail'),
  };
}

/** The flat form in the nested shape of SiteSchema; a blank credential means "keep the stored one". */
function formInput(values: SiteFormValues, authHeader: string): unknown {
  const kind = values.pbxKind;
  const pbxConnection =
    kind === 'http'
      ? { kind, url: values.pbxUrl, authHeader: authHeader.trim() || undefined, mapping: { list: values.pbxMapList, number: values.pbxMapNumber, name: values.pbxMapName, email: values.pbxMapEmail } }
      : { kind };
  return {
    name: values.name, timeZone: values.timeZone, voicemailOwnCode: values.voicemailOwnCode, voicemailOtherCode: values.voicemailOtherCode,
    conferenceCode: values.conferenceCode, pbxHost: values.pbxHost, syncIntervalMinutes: Number(values.syncIntervalMinutes), pbxConnection,
  };
}

async function renderForm(c: Context<AppEnv>, siteId: string | null, values: SiteFormValues | null, fields: FieldError[]) {
  const v = await pageContext(c);
  const site = siteId ? await getSite(c.var.deps.db, auth(c).scope, siteId) : null;
  return c.html(
    <SiteFormPage v={v} siteId={siteId} values={values ?? valuesOf(site, v.timeZone)} errors={errorsByField(v, fields)} timeZones={Intl.supportedValuesOf('timeZone')} />,
    fields.length ? 400 : 200,
  );
}

async function save(c: Context<AppEnv>, siteId: string | null) {
  const site = siteId ? await getSite(c.var.deps.db, auth(c).scope, siteId) : null;
  const form = await formBody(c);
  const values = valuesFromForm(form, site?.pbxConnection.kind === 'http' && Boolean(site.pbxConnection.authHeader));
  const checked = checkForm(c, SiteSchema, formInput(values, typeof form.pbxAuthHeader === 'string' ? form.pbxAuthHeader : ''));
  if (!checked.ok) return renderForm(c, siteId, values, checked.fields);
  const { db, now } = c.var.deps;
  if (site) await updateSite(db, auth(c).scope, site.id, checked.data, now());
  else await createSite(db, auth(c).scope, checked.data, now());
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
