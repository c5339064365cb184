import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id, orgId, updatedAt } from './columns.js';

/** How an organization sends e-mail. Without a row, mail goes to the local outbox folder (Node). */
export const mailSettings = sqliteTable('mail_settings', {
  orgId: text('org_id').primaryKey(),
  provider: text('provider', { enum: ['outbox', 'resend', 'smtp'] }).notNull(),
  fromAddress: text('from_address').notNull(),
  fromName: text('from_name').notNull().default(''),
  replyTo: text('reply_to'),
  resendApiKey: text('resend_api_key'),
  smtpHost: text('smtp_host'),
  smtpPort: integer('smtp_port'),
  /** 'tls' connects with TLS at once (465); 'starttls' upgrades (587); 'none' only on trusted networks. */
  smtpSecurity: text('smtp_security', { enum: ['tls', 'starttls', 'none'] }),
  smtpUser: text('smtp_user'),
  smtpPassword: text('smtp_password'),
  updatedBy: text('updated_by'),
  updatedAt: updatedAt(),
});

export interface MailAttachmentRef {
  filename: string;
  contentType: string;
  /** Object storage key (audio), or null when the content is kept inline as base64. */
  blobKey: string | null;
  contentBase64: string | null;
  size: number;
}

/** Every message Ramal sends, queued as a job; the list the UI shows (the outbox included). */
export const emails = sqliteTable(
  'emails',
  {
    id: id(),
    orgId: orgId(),
    siteId: text('site_id'),
    toAddresses: text('to_addresses', { mode: 'json' }).$type<string[]>().notNull(),
    ccAddresses: text('cc_addresses', { mode: 'json' }).$type<string[]>().notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body'),
    attachments: text('attachments', { mode: 'json' }).$type<MailAttachmentRef[]>().notNull(),
    /** What made it: 'webhook.disabled', 'mail.test', 'voicemail.received'… */
    purpose: text('purpose').notNull(),
    status: text('status', { enum: ['queued', 'sending', 'sent', 'failed'] }).notNull(),
    provider: text('provider', { enum: ['outbox', 'resend', 'smtp'] }),
    providerMessageId: text('provider_message_id'),
    /** Where the outbox provider wrote the .eml, relative to the outbox folder. */
    outboxFile: text('outbox_file'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    jobId: text('job_id'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('emails_org_created_idx').on(t.orgId, t.createdAt), index('emails_org_status_idx').on(t.orgId, t.status)],
);
