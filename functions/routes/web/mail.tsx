import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { fieldError, type FieldError } from '../../errors.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { mailListSpec, retryMailMessage } from '../../services/mail/mail-list.js';
import { MAIL_STATUSES, MailSettingsInputSchema, TestMailSchema, type MailStatus } from '../../services/mail/mail-schemas.js';
import { getMailSettings, loadMailSettings, queueTestMail, saveMailSettings } from '../../services/mail/mail-settings.js';
import { IdsSchema } from '../../services/users/user-schemas.js';
import { errorsByField } from '../../views/form.js';
import { MailListPage, type MailDestination } from '../../views/pages/mail-list-page.js';
import { MailSettingsPage, type MailFormValues } from '../../views/pages/mail-settings-page.js';
import { doneRedirect } from './flash.js';
import { webList } from './list-page.js';
import { pageContext } from './page-context.js';
import { attempt, checkForm, formBody } from './read-form.js';

/** The folder functions/node.ts gives the outbox transport (no node:path here: this runs on workerd too). */
function outboxDir(dataDir: string): string {
  return `${dataDir.replace(/[\\/]+$/, '')}/mail-outbox`;
}

async function destination(c: Context<AppEnv>): Promise<MailDestination> {
  const { db, mail, config } = c.var.deps;
  const settings = await loadMailSettings(db, auth(c).scope.orgId);
  if (settings && settings.provider !== 'outbox') return { kind: 'provider', provider: settings.provider };
  return mail.outbox ? { kind: 'outbox', dir: outboxDir(config.RAMAL_DATA_DIR), configured: settings !== null } : { kind: 'none' };
}

async function renderSettings(c: Context<AppEnv>, posted: Partial<MailFormValues> | null, fields: FieldError[], test: { to: string; fields: FieldError[] } = { to: '', fields: [] }) {
  const v = await pageContext(c);
  const current = await getMailSettings(c.var.deps.db, auth(c).scope);
  const values: MailFormValues = {
    provider: current.provider, fromAddress: current.fromAddress, fromName: current.fromName, replyTo: current.replyTo ?? '', smtpHost: current.smtpHost ?? '',
    smtpPort: current.smtpPort ? String(current.smtpPort) : '', smtpSecurity: current.smtpSecurity ?? '', smtpUser: current.smtpUser ?? '',
    ...posted, resendApiKeySet: current.resendApiKeySet, smtpPasswordSet: current.smtpPasswordSet,
  };
  const status = fields.length || test.fields.length ? 400 : 200;
  return c.html(<MailSettingsPage v={v} values={values} errors={errorsByField(v, fields)} testTo={test.to} testErrors={errorsByField(v, test.fields)} outboxAvailable={c.var.deps.mail.outbox !== null} />, status);
}

const text = (form: Record<string, unknown>, key: string) => (typeof form[key] === 'string' ? form[key] : '');

export const mailPages = new Hono<AppEnv>()
  .use('/mail', requirePermission('system', 'configure'))
  .use('/mail/*', requirePermission('system', 'configure'))
  .use('/settings/mail', requirePermission('system', 'configure'))
  .use('/settings/mail/*', requirePermission('system', 'configure'))
  .get('/mail', async (c) => {
    const requested = c.req.query('status') ?? '';
    if (requested && !(MAIL_STATUSES as readonly string[]).includes(requested)) throw fieldError('status', `one of ${MAIL_STATUSES.join(', ')}`);
    const status = requested ? (requested as MailStatus) : undefined;
    const spec = mailListSpec(c.var.deps.db, auth(c).scope, { status });
    const where = await destination(c);
    return webList(c, spec, 'system', 'mail.title', (v, page, fmt) => <MailListPage v={v} page={page} fmt={fmt} columns={spec.columns} destination={where} status={status} />);
  })
  .post('/mail/retry', async (c) => {
    const checked = checkForm(c, IdsSchema, await formBody(c, ['ids']));
    if (!checked.ok) return doneRedirect(c, '/mail', 'flash.selectSome');
    const { db, now, runJobsSoon } = c.var.deps;
    for (const id of checked.data.ids) await retryMailMessage(db, auth(c).scope, id, now());
    runJobsSoon();
    return doneRedirect(c, '/mail', 'mail.retried');
  })
  .get('/settings/mail', (c) => renderSettings(c, null, []))
  .post('/settings/mail', async (c) => {
    const form = await formBody(c);
    const posted = {
      provider: text(form, 'provider'), fromAddress: text(form, 'fromAddress'), fromName: text(form, 'fromName'), replyTo: text(form, 'replyTo'),
      smtpHost: text(form, 'smtpHost'), smtpPort: text(form, 'smtpPort'), smtpSecurity: text(form, 'smtpSecurity'), smtpUser: text(form, 'smtpUser'),
    };
    const checked = checkForm(c, MailSettingsInputSchema, { ...posted, resendApiKey: text(form, 'resendApiKey'), smtpPassword: text(form, 'smtpPassword') });
    const saved = checked.ok ? await attempt(() => saveMailSettings(c.var.deps.db, auth(c).scope, checked.data, c.var.deps.now())) : checked;
    if (!saved.ok) return renderSettings(c, posted, saved.fields);
    return doneRedirect(c, '/settings/mail', 'flash.saved');
  })
  .post('/settings/mail/test', async (c) => {
    const to = text(await formBody(c), 'to');
    const checked = checkForm(c, TestMailSchema, { to });
    if (!checked.ok) return renderSettings(c, null, [], { to, fields: checked.fields });
    const { db, now, runJobsSoon } = c.var.deps;
    await queueTestMail(db, auth(c).scope, checked.data.to, { subject: c.var.t('mail.testSubject'), body: c.var.t('mail.testBody') }, now());
    runJobsSoon();
    return doneRedirect(c, '/mail', 'mail.testQueued');
  });
