import { Hono } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.js';
import { notFound } from '../../errors.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { getMailMessage, mailListSpec, retryMailMessage, type MailListRow } from '../../services/mail/mail-list.js';
import { MAIL_PROVIDERS, MAIL_STATUSES, MailSettingsInputSchema, SMTP_SECURITY, TestMailSchema } from '../../services/mail/mail-schemas.js';
import { getMailSettings, queueTestMail, saveMailSettings } from '../../services/mail/mail-settings.js';
import { ListQuerySchema } from '../../services/table/list-query.js';
import { respondList } from '../list-response.js';
import { validate } from '../validate.js';
import { apiDoc, ErrorBody, listBody } from './openapi-helpers.js';

const date = z.iso.datetime();
const Settings = z
  .object({
    configured: z.boolean().meta({ description: 'False while there are no settings: mail goes to the local outbox folder' }),
    provider: z.enum(MAIL_PROVIDERS),
    fromAddress: z.string(),
    fromName: z.string(),
    replyTo: z.string().nullable(),
    resendApiKeySet: z.boolean().meta({ description: 'The key itself is never returned' }),
    smtpHost: z.string().nullable(),
    smtpPort: z.number().int().nullable(),
    smtpSecurity: z.enum(SMTP_SECURITY).nullable(),
    smtpUser: z.string().nullable(),
    smtpPasswordSet: z.boolean().meta({ description: 'The password itself is never returned' }),
    updatedAt: date.nullable(),
  })
  .meta({ id: 'MailSettings' });
const MessageFields = {
  id: z.string(),
  siteId: z.string().nullable(),
  createdAt: date,
  to: z.array(z.string()),
  cc: z.array(z.string()),
  subject: z.string(),
  purpose: z.string().meta({ description: "What made the message, e.g. 'mail.test', 'voicemail.received'" }),
  status: z.enum(MAIL_STATUSES),
  provider: z.enum(MAIL_PROVIDERS).nullable(),
  providerMessageId: z.string().nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  sentAt: date.nullable(),
  outboxFile: z.string().nullable(),
};
const MessageItem = z.object(MessageFields).meta({ id: 'MailMessageListItem' });
const Message = z
  .object({ ...MessageFields, attachments: z.array(z.object({ filename: z.string(), contentType: z.string(), size: z.number().int() })) })
  .meta({ id: 'MailMessage' });
const MessagesQuery = ListQuerySchema.extend({ status: z.enum(MAIL_STATUSES).optional() });
const IdParam = z.object({ id: z.string().min(1) });
const tags = ['E-mail'];

const errorBody = (description: string) => ({ description, content: { 'application/json': { schema: resolver(ErrorBody) } } });
/** apiDoc describes JSON answers; this one is the raw message. */
const emlDoc = describeRoute({
  summary: 'Download an outbox message as written (.eml)',
  tags,
  security: [{ bearer: [] }, { session: [] }],
  responses: {
    200: { description: 'The message, RFC 5322', content: { 'message/rfc822': { schema: { type: 'string', format: 'binary' } } } },
    401: errorBody('Not signed in'),
    403: errorBody('Missing permission'),
    404: errorBody('Not in your organization, or not written to the outbox folder'),
  },
});

export const mailApi = new Hono<AppEnv>()
  .use(requirePermission('system', 'configure'))
  .get('/settings', apiDoc({ summary: "The organization's mail settings (secrets only as set or not)", tags, response: Settings }), async (c) => {
    return c.json(await getMailSettings(c.var.deps.db, auth(c).scope));
  })
  .put('/settings', apiDoc({ summary: 'Save the mail settings; a blank or missing secret keeps the stored one', tags, response: Settings }), validate('json', MailSettingsInputSchema), async (c) => {
    return c.json(await saveMailSettings(c.var.deps.db, auth(c).scope, c.req.valid('json'), c.var.deps.now()));
  })
  .post('/test', apiDoc({ summary: 'Queue a test e-mail through the current settings', tags, response: z.object({ emailId: z.string() }), status: 202 }), validate('json', TestMailSchema), async (c) => {
    const { db, now, runJobsSoon } = c.var.deps;
    const emailId = await queueTestMail(db, auth(c).scope, c.req.valid('json').to, { subject: c.var.t('mail.testSubject'), body: c.var.t('mail.testBody') }, now());
    runJobsSoon();
    return c.json({ emailId }, 202);
  })
  .get('/messages', apiDoc({ summary: 'E-mail sent, queued and failed (the outbox included)', tags, response: listBody(MessageItem), exportable: true }), validate('query', MessagesQuery), async (c) => {
    const query = c.req.valid('query');
    const spec = mailListSpec(c.var.deps.db, auth(c).scope, { status: query.status });
    return respondList(c, spec, query, 'system', 'mail.title', (row: MailListRow) => row);
  })
  .get('/messages/:id', apiDoc({ summary: 'One e-mail: status, attempts and last error (not its body)', tags, response: Message }), validate('param', IdParam), async (c) => {
    return c.json(await getMailMessage(c.var.deps.db, auth(c).scope, c.req.valid('param').id));
  })
  .get(
    '/messages/:id/eml',
    emlDoc,
    validate('param', IdParam),
    async (c) => {
      const { db, mail } = c.var.deps;
      const message = await getMailMessage(db, auth(c).scope, c.req.valid('param').id);
      const bytes = message.provider === 'outbox' && message.outboxFile && mail.readOutboxFile ? await mail.readOutboxFile(message.outboxFile) : null;
      if (!bytes) throw notFound('outbox file');
      return new Response(bytes as Uint8Array<ArrayBuffer>, {
        headers: { 'content-type': 'message/rfc822', 'content-disposition': `attachment; filename="ramal-mail-${message.id}.eml"`, 'cache-control': 'no-store' },
      });
    },
  )
  .post('/messages/:id/retry', apiDoc({ summary: 'Queue a failed e-mail again', tags, response: Message }), validate('param', IdParam), async (c) => {
    const { db, now, runJobsSoon } = c.var.deps;
    const message = await retryMailMessage(db, auth(c).scope, c.req.valid('param').id, now());
    runJobsSoon();
    return c.json(message);
  });
