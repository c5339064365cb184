import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.js';
import { AUDIO_FORMATS } from '../../../schema/index.js';
import { validationError } from '../../errors.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { audioResponse } from '../../services/voicemail/inbox-audio.js';
import { emailMessagesToSelf } from '../../services/voicemail/inbox-email.js';
import { inboxListSpec, InboxFiltersSchema } from '../../services/voicemail/inbox-list.js';
import { messageAudioFile, visibleMailboxes, visibleMessageRows } from '../../services/voicemail/inbox-messages.js';
import { deleteMessages, markHeard } from '../../services/voicemail/message-actions.js';
import { downloadMessagesZip, MAX_ZIP_MESSAGES } from '../../services/voicemail/voicemail-zip.js';
import { LANGUAGES } from '../../i18n/index.js';
import type { FieldError } from '../../errors.js';
import { applyDefaultProfile, getVoicemailSettings, saveVoicemailSettings, type VoicemailSettingsView } from '../../services/voicemail/voicemail-settings.js';
import { OwnVoicemailProfileSchema, VoicemailSettingsInputSchema } from '../../services/voicemail/voicemail-settings-schemas.js';
import { getOwnVoicemailProfile, saveOwnVoicemailProfile } from '../../services/voicemail/voicemail-profile-web.js';
import { errorsByField } from '../../views/form.js';
import { VoicemailInboxPage } from '../../views/pages/voicemail-inbox-page.js';
import { readProfileFields } from '../../views/pages/voicemail-profile-fields.js';
import { VoicemailProfilePage } from '../../views/pages/voicemail-profile-page.js';
import { VoicemailSettingsPage } from '../../views/pages/voicemail-settings-page.js';
import { issuesToFields } from '../validate.js';
import { doneRedirect } from './flash.js';
import { webList } from './list-page.js';
import { attempt, checkForm, formBody } from './read-form.js';
import { pageContext } from './page-context.js';

/** A row's own button sends `id` (only that message); the bulk buttons send the checked `ids`. */
async function chosen(c: Context<AppEnv>): Promise<{ ids: string[]; form: Record<string, unknown> }> {
  const form = await formBody(c, ['ids']);
  const ids = typeof form.id === 'string' && form.id ? [form.id] : (form.ids as unknown[]).filter((x): x is string => typeof x === 'string' && x !== '');
  return { ids, form };
}

const Format = z.enum(AUDIO_FORMATS).catch('mp3');

export const voicemailPages = new Hono<AppEnv>()
  .use('/voicemail', requirePermission('vmailer', 'view'))
  .use('/voicemail/*', requirePermission('vmailer', 'view'))
  .get('/voicemail', async (c) => {
    const parsed = InboxFiltersSchema.safeParse({ mailbox: c.req.query('mailbox') || undefined, heard: c.req.query('heard') || undefined, from: c.req.query('from') || undefined, to: c.req.query('to') || undefined });
    if (!parsed.success) throw validationError(issuesToFields(parsed.error.issues));
    const { db } = c.var.deps;
    const scope = auth(c).scope;
    const spec = inboxListSpec(db, scope, parsed.data);
    const mailboxes = await visibleMailboxes(db, scope);
    return webList(c, spec, 'vmailer', 'voicemail.title', (v, page, fmt) => <VoicemailInboxPage v={v} page={page} fmt={fmt} columns={spec.columns} filters={parsed.data} mailboxes={mailboxes} />);
  })
  .post('/voicemail/heard', async (c) => {
    const { ids } = await chosen(c);
    if (!ids.length) return doneRedirect(c, '/voicemail', 'flash.selectSome');
    const { db, now } = c.var.deps;
    const rows = await visibleMessageRows(db, auth(c).scope, ids);
    await markHeard(db, auth(c).scope.orgId, rows.map((r) => r.id), 'web', now());
    // The player's script asks in the background and only needs to know it worked.
    if (c.req.header('x-csrf-token')) return c.body(null, 204);
    return doneRedirect(c, '/voicemail', 'voicemail.flash.heard', rows.length);
  })
  .post('/voicemail/delete', requirePermission('vmailer', 'delete'), async (c) => {
    const { ids } = await chosen(c);
    if (!ids.length) return doneRedirect(c, '/voicemail', 'flash.selectSome');
    const rows = await visibleMessageRows(c.var.deps.db, auth(c).scope, ids);
    const n = await deleteMessages(c.var.deps, auth(c).scope.orgId, rows.map((r) => r.id), 'web');
    return doneRedirect(c, '/voicemail', 'voicemail.flash.deleted', n);
  })
  .post('/voicemail/download', requirePermission('vmailer', 'listen'), async (c) => {
    const { ids, form } = await chosen(c);
    if (!ids.length) return doneRedirect(c, '/voicemail', 'flash.selectSome');
    if (new Set(ids).size > MAX_ZIP_MESSAGES) return doneRedirect(c, '/voicemail', 'voicemail.tooMany');
    const format = Format.parse(form.format);
    const { db, blobs, now } = c.var.deps;
    const scope = auth(c).scope;
    if (ids.length === 1) {
      // One message downloads as its own file, as the manual's per-row "Download" does.
      const [message] = await visibleMessageRows(db, scope, ids);
      const res = await audioResponse(blobs, await messageAudioFile(db, message!, format), format, undefined, `${message!.protocol}.${format}`);
      await markHeard(db, scope.orgId, [message!.id], 'download', now());
      return res;
    }
    const zip = await downloadMessagesZip(c.var.deps, scope, ids, format);
    return new Response(zip.body, { headers: { 'content-type': 'application/zip', 'content-disposition': `attachment; filename="voicemail-${now().toISOString().slice(0, 10)}.zip"`, 'cache-control': 'no-store' } });
  })
  .post('/voicemail/email', requirePermission('vmailer', 'email'), async (c) => {
    const { ids, form } = await chosen(c);
    if (!ids.length) return doneRedirect(c, '/voicemail', 'flash.selectSome');
    if (new Set(ids).size > MAX_ZIP_MESSAGES) return doneRedirect(c, '/voicemail', 'voicemail.tooMany');
    const format = typeof form.format === 'string' && form.format ? Format.parse(form.format) : undefined;
    const n = await emailMessagesToSelf(c.var.deps, auth(c).scope, ids, format);
    c.var.deps.runJobsSoon();
    return doneRedirect(c, '/voicemail', 'voicemail.flash.emailed', n);
  })
  .get('/voicemail/settings', requirePermission('vmailer', 'configure'), async (c) => renderSettings(c, null, []))
  .post('/voicemail/settings', requirePermission('vmailer', 'configure'), async (c) => {
    const form = await formBody(c);
    const current = await getVoicemailSettings(c.var.deps.db, auth(c).scope);
    const whole = auth(c).scope.siteIds === null;
    const posted = {
      limits: current.limits.map((_, i) => ({ siteId: text(form, `limits.${i}.siteId`), maxMessages: text(form, `limits.${i}.maxMessages`), maxSeconds: text(form, `limits.${i}.maxSeconds`) })),
      ...(whole
        ? {
            defaultProfile: readProfileFields(form, 'defaultProfile.'),
            templates: Object.fromEntries(LANGUAGES.map((l) => [l, { subject: text(form, `templates.${l}.subject`), body: text(form, `templates.${l}.body`).replace(/\r\n/g, '\n') }])),
          }
        : {}),
    };
    const checked = checkForm(c, VoicemailSettingsInputSchema, posted);
    const saved = checked.ok ? await attempt(() => saveVoicemailSettings(c.var.deps.db, auth(c).scope, checked.data, c.var.deps.now())) : checked;
    if (!saved.ok) return renderSettings(c, posted, saved.fields);
    return doneRedirect(c, '/voicemail/settings', 'flash.saved');
  })
  .post('/voicemail/settings/apply-default-profile', requirePermission('vmailer', 'configure'), async (c) => {
    const n = await applyDefaultProfile(c.var.deps.db, auth(c).scope, c.var.deps.now());
    return doneRedirect(c, '/voicemail/settings', 'voicemail.flash.applied', n);
  })
  .get('/voicemail/profile', async (c) => renderProfile(c, null, []))
  .post('/voicemail/profile', async (c) => {
    const form = await formBody(c);
    const posted = { ...readProfileFields(form, ''), alternateEmail: text(form, 'alternateEmail'), pin: text(form, 'pin') || undefined };
    const checked = checkForm(c, OwnVoicemailProfileSchema, posted);
    const userId = auth(c).user!.id;
    const saved = checked.ok ? await attempt(() => saveOwnVoicemailProfile(c.var.deps, auth(c).scope, userId, checked.data)) : checked;
    if (!saved.ok) return renderProfile(c, { ...posted, alternateEmail: posted.alternateEmail || null }, saved.fields);
    return doneRedirect(c, '/voicemail/profile', 'flash.saved');
  });

const text = (form: Record<string, unknown>, key: string) => (typeof form[key] === 'string' ? (form[key] as string) : '');

/** Re-shows what was typed (not what is stored) beside the errors. */
async function renderSettings(c: Context<AppEnv>, posted: { limits: { siteId: string; maxMessages: string; maxSeconds: string }[]; defaultProfile?: Record<string, unknown>; templates?: Record<string, { subject: string; body: string }> } | null, fields: FieldError[]) {
  const v = await pageContext(c);
  const current = await getVoicemailSettings(c.var.deps.db, auth(c).scope);
  const values = posted
    ? ({
        limits: current.limits.map((l, i) => ({ ...l, maxMessages: posted.limits[i]?.maxMessages ?? l.maxMessages, maxSeconds: posted.limits[i]?.maxSeconds ?? l.maxSeconds })),
        defaultProfile: { ...current.defaultProfile, ...posted.defaultProfile },
        templates: { ...current.templates, ...posted.templates },
      } as unknown as VoicemailSettingsView)
    : current;
  return c.html(<VoicemailSettingsPage v={v} values={values} errors={errorsByField(v, fields)} wholeOrganization={auth(c).scope.siteIds === null} />, fields.length ? 400 : 200);
}

async function renderProfile(c: Context<AppEnv>, posted: Record<string, unknown> | null, fields: FieldError[]) {
  const v = await pageContext(c);
  const current = await getOwnVoicemailProfile(c.var.deps, auth(c).scope, auth(c).user!.id);
  return c.html(<VoicemailProfilePage v={v} values={{ ...current, ...posted, mailboxes: current.mailboxes }} errors={errorsByField(v, fields)} />, fields.length ? 400 : 200);
}
