import { z } from 'zod';
import { EmailSchema } from '../users/email.js';

export const MAIL_PROVIDERS = ['outbox', 'resend', 'smtp'] as const;
export type MailProvider = (typeof MAIL_PROVIDERS)[number];
export const MAIL_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];
export const SMTP_SECURITY = ['tls', 'starttls', 'none'] as const;

/** Inline attachments are kept in the database as base64, so their total is kept small. */
export const MAX_INLINE_BYTES = 1024 * 1024;

/** Header text: a line break would let a value add headers of its own. */
const headerText = (max: number) => z.string().trim().max(max).regex(/^[^\r\n\u0000-\u001f\u007f]*$/, 'err.mailHeaderText');

/** Form fields arrive as '' when left blank; the API may send null or leave them out. */
const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

const AttachmentSchema = z.union([
  z.object({ filename: headerText(200).min(1), contentType: z.string().min(1).max(100), blobKey: z.string().min(1).max(400) }),
  z.object({ filename: headerText(200).min(1), contentType: z.string().min(1).max(100), content: z.instanceof(Uint8Array) }),
]);

/** What a module asks to send; everything goes through the `email-send` job. */
export const QueueMailSchema = z
  .object({
    orgId: z.string().min(1),
    siteId: z.string().min(1).nullable().optional(),
    to: z.array(EmailSchema).min(1).max(50),
    cc: z.array(EmailSchema).max(50).optional(),
    subject: headerText(300).min(1, 'err.required'),
    text: z.string().max(200_000),
    html: z.string().max(500_000).optional(),
    attachments: z.array(AttachmentSchema).max(20).optional(),
    purpose: z.string().min(1).max(80),
    createdBy: z.string().min(1).nullable().optional(),
  })
  .superRefine((v, ctx) => {
    const inline = (v.attachments ?? []).reduce((sum, a) => sum + ('content' in a ? a.content.byteLength : 0), 0);
    if (inline > MAX_INLINE_BYTES) ctx.addIssue({ code: 'custom', path: ['attachments'], message: `inline attachments total more than ${MAX_INLINE_BYTES} bytes; store them and pass blobKey` });
  });
export type QueueMailInput = z.input<typeof QueueMailSchema>;

export const MailSettingsInputSchema = z
  .object({
    provider: z.enum(MAIL_PROVIDERS),
    fromAddress: EmailSchema,
    // Quotes and backslashes are refused so the name can always be quoted as is in the From header.
    fromName: headerText(100).regex(/^[^"\\]*$/, 'err.mailFromName').optional().default(''),
    replyTo: z.preprocess(blankToUndefined, EmailSchema.optional()),
    /** Blank keeps the stored key. */
    resendApiKey: z.preprocess(blankToUndefined, z.string().trim().max(200).optional()),
    smtpHost: z.preprocess(blankToUndefined, z.string().trim().max(253).regex(/^[A-Za-z0-9.:[\]-]+$/, 'err.mailHost').optional()),
    smtpPort: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(65535).optional()),
    smtpSecurity: z.preprocess(blankToUndefined, z.enum(SMTP_SECURITY).optional()),
    smtpUser: z.preprocess(blankToUndefined, z.string().trim().max(200).optional()),
    /** Blank keeps the stored password (while a user is set). */
    smtpPassword: z.preprocess(blankToUndefined, z.string().max(200).optional()),
  })
  .superRefine((v, ctx) => {
    if (v.provider !== 'smtp') return;
    for (const field of ['smtpHost', 'smtpPort', 'smtpSecurity'] as const) {
      if (v[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'err.required' });
    }
  });
export type MailSettingsInput = z.output<typeof MailSettingsInputSchema>;

export const TestMailSchema = z.object({ to: EmailSchema });
