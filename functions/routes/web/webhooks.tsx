import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { fieldError, type FieldError } from '../../errors.js';
import type { MessageKey } from '../../i18n/index.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { listSites } from '../../services/sites/site-service.js';
import { deliveryLogSpec } from '../../services/webhooks/delivery-log.js';
import { endpointListSpec, getEndpoint, type EndpointView } from '../../services/webhooks/endpoint-list.js';
import { ATTEMPT_OUTCOMES, EndpointCreateSchema, RotateSecretSchema, type AttemptOutcome } from '../../services/webhooks/endpoint-schemas.js';
import { createEndpoint, deleteEndpoint, pendingDeliveries, rotateSecret, updateEndpoint } from '../../services/webhooks/endpoint-service.js';
import { checkWebhookUrl } from '../../services/webhooks/endpoint-url.js';
import { eventTypeGroups } from '../../services/webhooks/event-types.js';
import { dayPeriod } from '../../services/webhooks/period-dates.js';
import { replayDelivery, replayPeriod } from '../../services/webhooks/replay.js';
import { sendTestEvent } from '../../services/webhooks/test-event.js';
import { errorsByField } from '../../views/form.js';
import { WebhookDetailPage } from '../../views/pages/webhooks-detail-page.js';
import type { EndpointFormChoices, EndpointFormValues } from '../../views/pages/webhooks-form.js';
import { WebhookNewPage, WebhookSecretPage, WebhooksListPage } from '../../views/pages/webhooks-list-page.js';
import { formatDateTime } from '../../services/table/format.js';
import { doneRedirect } from './flash.js';
import { webList } from './list-page.js';
import { pageContext } from './page-context.js';
import { attempt, checkForm, formBody } from './read-form.js';

async function choices(c: Context<AppEnv>): Promise<EndpointFormChoices> {
  const { scope } = auth(c);
  const sites = await listSites(c.var.deps.db, scope);
  return { eventGroups: eventTypeGroups(), sites: sites.map((s) => ({ id: s.id, name: s.name })), allSitesAllowed: scope.siteIds === null };
}

function valuesOf(e: EndpointView): EndpointFormValues {
  return { url: e.url, description: e.description, eventsMode: e.events.length ? 'some' : 'all', events: e.events, sitesMode: e.sites.length ? 'some' : 'all', sites: e.sites, active: e.active };
}

function valuesFromForm(form: Record<string, unknown>): EndpointFormValues {
  const s = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : '');
  const list = (k: string) => (Array.isArray(form[k]) ? (form[k] as unknown[]).filter((x): x is string => typeof x === 'string') : []);
  return {
    url: s('url').trim(), description: s('description'), eventsMode: s('eventsMode') === 'some' ? 'some' : 'all', events: list('events'),
    // A site-limited administrator has no "all sites" choice on the form.
    sitesMode: s('sitesMode') === 'all' ? 'all' : 'some', sites: list('sites'), active: form.active === 'on',
  };
}

/**
 * The form as the API's input, refusing what only the page can get wrong (a mode with nothing
 * checked) and URL refusals in the page's language.
 */
function formInput(c: Context<AppEnv>, values: EndpointFormValues, allSitesAllowed: boolean): { ok: true; input: unknown } | { ok: false; fields: FieldError[] } {
  const fields: FieldError[] = [];
  if (values.eventsMode === 'some' && !values.events.length) fields.push({ field: 'events', message: 'webhooks.err.pickEvents' });
  const someSites = values.sitesMode === 'some' || !allSitesAllowed;
  if (someSites && !values.sites.length) fields.push({ field: 'sites', message: 'webhooks.err.pickSites' });
  const url = checkWebhookUrl(values.url, c.var.deps.config.RAMAL_WEBHOOK_ALLOW_PRIVATE);
  if (values.url && !url.ok) fields.push({ field: 'url', message: `webhooks.err.url.${url.refusal}` as MessageKey });
  if (fields.length) return { ok: false, fields };
  return { ok: true, input: { url: values.url, description: values.description, events: values.eventsMode === 'all' ? [] : values.events, sites: someSites ? values.sites : [], active: values.active } };
}

/** Field paths like "events.2" name the checkbox group on the page. */
function byGroup(fields: FieldError[]): FieldError[] {
  return fields.map((f) => ({ ...f, field: f.field.split('.')[0] ?? f.field }));
}

async function renderNew(c: Context<AppEnv>, values: EndpointFormValues, fields: FieldError[]) {
  const v = await pageContext(c);
  return c.html(<WebhookNewPage v={v} values={values} errors={errorsByField(v, byGroup(fields))} choices={await choices(c)} />, fields.length ? 400 : 200);
}

async function renderDetail(c: Context<AppEnv>, id: string, outcome: AttemptOutcome | null, form: { values: EndpointFormValues; fields: FieldError[] } | null) {
  const { db, now } = c.var.deps;
  const { scope } = auth(c);
  const endpoint = await getEndpoint(db, scope, id);
  const spec = deliveryLogSpec(db, scope, id, { outcome: outcome ?? undefined });
  const basePath = outcome ? `/webhooks/${id}/log/${outcome}` : `/webhooks/${id}`;
  const [pending, formChoices] = await Promise.all([pendingDeliveries(db, scope, id), choices(c)]);
  // webList answers 200; a refused edit form must answer 400.
  if (form?.fields.length) c.status(400);
  return webList(c, spec, 'system', 'webhooks.logTitle', (v, page, fmt) => (
    <WebhookDetailPage
      v={v} fmt={fmt} endpoint={endpoint} pending={pending} now={now()} values={form?.values ?? valuesOf(endpoint)} errors={errorsByField(v, byGroup(form?.fields ?? []))}
      choices={formChoices} log={{ page, columns: spec.columns, outcome, basePath }}
    />
  ));
}

export const webhookPages = new Hono<AppEnv>()
  .use('/webhooks/*', requirePermission('system', 'configure'))
  .get('/webhooks', requirePermission('system', 'configure'), (c) => {
    const spec = endpointListSpec(c.var.deps.db, auth(c).scope);
    return webList(c, spec, 'system', 'webhooks.title', (v, page, fmt) => <WebhooksListPage v={v} page={page} fmt={fmt} columns={spec.columns} />);
  })
  .get('/webhooks/new', (c) => renderNew(c, { url: '', description: '', eventsMode: 'all', events: [], sitesMode: 'all', sites: [], active: true }, []))
  .post('/webhooks/new', async (c) => {
    const values = valuesFromForm(await formBody(c, ['events', 'sites']));
    const prepared = formInput(c, values, auth(c).scope.siteIds === null);
    if (!prepared.ok) return renderNew(c, values, prepared.fields);
    const checked = checkForm(c, EndpointCreateSchema, prepared.input);
    if (!checked.ok) return renderNew(c, values, checked.fields);
    const { db, config, now } = c.var.deps;
    const created = await attempt(() => createEndpoint(db, auth(c).scope, checked.data, config.RAMAL_WEBHOOK_ALLOW_PRIVATE, now()));
    if (!created.ok) return renderNew(c, values, created.fields);
    c.header('cache-control', 'no-store');
    const { endpoint, secret } = created.value;
    return c.html(<WebhookSecretPage v={await pageContext(c)} title={c.var.t('webhooks.created')} endpointId={endpoint.id} url={endpoint.url} secret={secret} />, 201);
  })
  .get('/webhooks/:id', (c) => renderDetail(c, c.req.param('id'), null, null))
  .get('/webhooks/:id/log/:outcome', (c) => {
    const outcome = c.req.param('outcome');
    if (!(ATTEMPT_OUTCOMES as readonly string[]).includes(outcome)) throw fieldError('outcome', `one of ${ATTEMPT_OUTCOMES.join(', ')}`);
    return renderDetail(c, c.req.param('id'), outcome as AttemptOutcome, null);
  })
  .post('/webhooks/:id', async (c) => {
    const id = c.req.param('id');
    const values = valuesFromForm(await formBody(c, ['events', 'sites']));
    const prepared = formInput(c, values, auth(c).scope.siteIds === null);
    if (!prepared.ok) return renderDetail(c, id, null, { values, fields: prepared.fields });
    const checked = checkForm(c, EndpointCreateSchema.omit({ active: true }), prepared.input);
    if (!checked.ok) return renderDetail(c, id, null, { values, fields: checked.fields });
    const { db, config, now } = c.var.deps;
    const saved = await attempt(() => updateEndpoint(db, auth(c).scope, id, checked.data, config.RAMAL_WEBHOOK_ALLOW_PRIVATE, now()));
    if (!saved.ok) return renderDetail(c, id, null, { values, fields: saved.fields });
    return doneRedirect(c, `/webhooks/${id}`, 'flash.saved');
  })
  .post('/webhooks/:id/enable', (c) => setActive(c, true))
  .post('/webhooks/:id/disable', (c) => setActive(c, false))
  .post('/webhooks/:id/delete', async (c) => {
    await deleteEndpoint(c.var.deps.db, auth(c).scope, c.req.param('id'), c.var.deps.now());
    return doneRedirect(c, '/webhooks', 'webhooks.deleted');
  })
  .post('/webhooks/:id/test', async (c) => {
    const id = c.req.param('id');
    await sendTestEvent(c.var.deps.db, auth(c).scope, id, c.var.deps.now());
    c.var.deps.runJobsSoon();
    return doneRedirect(c, `/webhooks/${id}`, 'webhooks.testSent');
  })
  .post('/webhooks/:id/rotate', async (c) => {
    const checked = checkForm(c, RotateSecretSchema, { overlapHours: Number((await formBody(c)).overlapHours ?? 24) });
    if (!checked.ok) throw fieldError('overlapHours', checked.fields[0]?.message ?? 'invalid');
    const { db, now } = c.var.deps;
    const rotated = await rotateSecret(db, auth(c).scope, c.req.param('id'), checked.data.overlapHours, now());
    const v = await pageContext(c);
    const endpoint = await getEndpoint(db, auth(c).scope, rotated.id);
    const note = rotated.previousSecretUntil ? v.t('webhooks.rotatedOverlap', { until: formatDateTime(rotated.previousSecretUntil, v) }) : v.t('webhooks.rotatedNoOverlap');
    c.header('cache-control', 'no-store');
    return c.html(<WebhookSecretPage v={v} title={v.t('webhooks.rotated')} endpointId={endpoint.id} url={endpoint.url} secret={rotated.secret} note={note} />);
  })
  .post('/webhooks/:id/deliveries/:deliveryId/replay', async (c) => {
    const id = c.req.param('id');
    await replayDelivery(c.var.deps.db, auth(c).scope, id, c.req.param('deliveryId'), c.var.deps.now());
    c.var.deps.runJobsSoon();
    return doneRedirect(c, `/webhooks/${id}`, 'webhooks.replayed', 1);
  })
  .post('/webhooks/:id/replay', async (c) => {
    const id = c.req.param('id');
    const form = await formBody(c);
    const v = await pageContext(c);
    const period = dayPeriod(String(form.from ?? ''), String(form.to ?? ''), v.timeZone);
    if (!period || period.to <= period.from) throw fieldError('to', c.var.t('webhooks.err.periodOrder'));
    const n = await replayPeriod(c.var.deps.db, auth(c).scope, id, { ...period, status: 'failed' }, c.var.deps.now());
    if (n) c.var.deps.runJobsSoon();
    return doneRedirect(c, `/webhooks/${id}`, 'webhooks.replayed', n);
  });

async function setActive(c: Context<AppEnv>, active: boolean) {
  const id = c.req.param('id') ?? '';
  const { db, config, now } = c.var.deps;
  await updateEndpoint(db, auth(c).scope, id, { active }, config.RAMAL_WEBHOOK_ALLOW_PRIVATE, now());
  return doneRedirect(c, `/webhooks/${id}`, active ? 'webhooks.enabled' : 'webhooks.disabled');
}
