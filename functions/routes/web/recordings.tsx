import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.js';
import { AUDIO_FORMATS, CALL_TYPES } from '../../../schema/index.js';
import { validationError, type FieldError } from '../../errors.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { deleteRecordings, emailRecordingsToSelf, MAX_EMAIL_RECORDINGS, MAX_ZIP_RECORDINGS, openRecordingAudio, recordingsZip } from '../../services/call-recordings/recording-actions.js';
import type { RecordingFilter } from '../../services/call-recordings/recording-contract.js';
import { recordingListSpec } from '../../services/call-recordings/recording-list.js';
import { addRecordingNote } from '../../services/call-recordings/recording-notes.js';
import { getRecording } from '../../services/call-recordings/recording-read.js';
import { localToUtc } from '../../services/conference/local-time.js';
import { getSite, listSites, organizationTimeZone } from '../../services/sites/site-service.js';
import { errorsByField } from '../../views/form.js';
import { RecordingDetailPage } from '../../views/pages/recordings-detail-page.js';
import { RecordingsListPage, type RecordingPageFilters } from '../../views/pages/recordings-list-page.js';
import { issuesToFields } from '../validate.js';
import { doneRedirect } from './flash.js';
import { webList } from './list-page.js';
import { pageContext } from './page-context.js';
import { attempt, formBody } from './read-form.js';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'recordings.err.date');
const PageFiltersSchema = z.object({
  from: Day.optional(),
  to: Day.optional(),
  extension: z.string().trim().max(40).optional(),
  number: z.string().trim().max(80).optional(),
  type: z.enum(CALL_TYPES).optional(),
  siteId: z.string().max(100).optional(),
});
const Format = z.enum(AUDIO_FORMATS).catch('mp3');

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * The page's filters as the service's: whole days on the chosen site's clock (the organization's
 * for all sites), `to` included in the page and exclusive in the service.
 */
async function serviceFilter(c: Context<AppEnv>, f: RecordingPageFilters): Promise<RecordingFilter> {
  const { db } = c.var.deps;
  const scope = auth(c).scope;
  const zone = f.siteId ? (await getSite(db, scope, f.siteId)).timeZone : await organizationTimeZone(db, scope.orgId);
  const at = (day: string, field: string) => {
    const instant = localToUtc(`${day}T00:00`, zone);
    if (!instant) throw validationError([{ field, message: 'recordings.err.date' }]);
    return instant.toISOString();
  };
  return {
    from: f.from ? at(f.from, 'from') : undefined,
    to: f.to ? at(nextDay(f.to), 'to') : undefined,
    extension: f.extension || undefined,
    number: f.number || undefined,
    type: f.type,
    siteId: f.siteId || undefined,
  };
}

/** A details page's button sends `id` (that recording); the table's bulk buttons send the checked `ids`. */
async function chosen(c: Context<AppEnv>): Promise<{ ids: string[]; form: Record<string, unknown> }> {
  const form = await formBody(c, ['ids']);
  const ids = typeof form.id === 'string' && form.id ? [form.id] : (form.ids as unknown[]).filter((x): x is string => typeof x === 'string' && x !== '');
  return { ids: [...new Set(ids)], form };
}

/** The details page; a refused note comes back typed as it was, beside its error. */
async function renderDetails(c: Context<AppEnv>, id: string, note?: { body: string; fields: FieldError[] }) {
  const v = await pageContext(c);
  const r = await getRecording(c.var.deps.db, auth(c).scope, id);
  const error = note && (errorsByField(v, note.fields).body ?? v.t('error.badRequestText'));
  return c.html(<RecordingDetailPage v={v} r={r} noteBody={note?.body} noteError={error} />, note ? 400 : 200);
}

export const recordingPages = new Hono<AppEnv>()
  .get('/recordings', requirePermission('vrec', 'view'), async (c) => {
    const q = c.req.query();
    const parsed = PageFiltersSchema.safeParse(Object.fromEntries(Object.keys(PageFiltersSchema.shape).map((k) => [k, q[k]?.trim() || undefined])));
    if (!parsed.success) throw validationError(issuesToFields(parsed.error.issues));
    const { db } = c.var.deps;
    const scope = auth(c).scope;
    const filter = await serviceFilter(c, parsed.data);
    const spec = recordingListSpec(db, scope, filter);
    const sites = (await listSites(db, scope)).map((s) => ({ id: s.id, name: s.name, timeZone: s.timeZone }));
    const zone = sites.find((s) => s.id === parsed.data.siteId)?.timeZone ?? (await organizationTimeZone(db, scope.orgId));
    return webList(c, spec, 'vrec', 'vrec.title', (v, page, fmt) => <RecordingsListPage v={v} page={page} fmt={fmt} columns={spec.columns} filters={parsed.data} sites={sites} timeZone={zone} />);
  })
  .post('/recordings/download', requirePermission('vrec', 'export'), async (c) => {
    const { ids, form } = await chosen(c);
    if (!ids.length) return doneRedirect(c, '/recordings', 'flash.selectSome');
    if (ids.length > MAX_ZIP_RECORDINGS) return doneRedirect(c, '/recordings', 'vrec.tooMany', MAX_ZIP_RECORDINGS);
    const zip = await recordingsZip(c.var.deps, auth(c).scope, ids, Format.parse(form.format));
    const day = c.var.deps.now().toISOString().slice(0, 10);
    return new Response(zip, { headers: { 'content-type': 'application/zip', 'content-disposition': `attachment; filename="recordings-${day}.zip"`, 'cache-control': 'no-store' } });
  })
  .post('/recordings/email', requirePermission('vrec', 'email'), async (c) => {
    const { ids, form } = await chosen(c);
    // Sent from a details page, the user stays on it.
    const back = ids.length === 1 && form.back === 'details' ? `/recordings/${encodeURIComponent(ids[0]!)}` : '/recordings';
    if (!ids.length) return doneRedirect(c, back, 'flash.selectSome');
    if (ids.length > MAX_EMAIL_RECORDINGS) return doneRedirect(c, back, 'vrec.tooMany', MAX_EMAIL_RECORDINGS);
    const n = await emailRecordingsToSelf(c.var.deps, auth(c).scope, ids, Format.parse(form.format));
    c.var.deps.runJobsSoon();
    return doneRedirect(c, back, 'vrec.flash.emailed', n);
  })
  .post('/recordings/delete', requirePermission('vrec', 'delete'), async (c) => {
    const { ids } = await chosen(c);
    if (!ids.length) return doneRedirect(c, '/recordings', 'flash.selectSome');
    const n = await deleteRecordings(c.var.deps, auth(c).scope, ids, 'web');
    return doneRedirect(c, '/recordings', 'vrec.flash.deleted', n);
  })
  .get('/recordings/:id', requirePermission('vrec', 'view'), async (c) => renderDetails(c, c.req.param('id')))
  .get('/recordings/:id/download', requirePermission('vrec', 'listen'), async (c) => {
    const format = Format.parse(c.req.query('format'));
    return openRecordingAudio(c.var.deps, auth(c).scope, c.req.param('id'), format, undefined, { download: true });
  })
  .post('/recordings/:id/notes', requirePermission('vrec', 'edit'), async (c) => {
    const id = c.req.param('id');
    const form = await formBody(c);
    const body = typeof form.body === 'string' ? form.body.replace(/\r\n/g, '\n') : '';
    const added = await attempt(() => addRecordingNote(c.var.deps, auth(c).scope, id, body));
    if (!added.ok) return renderDetails(c, id, { body, fields: added.fields });
    return doneRedirect(c, `/recordings/${encodeURIComponent(id)}`, 'vrec.flash.noted');
  });
