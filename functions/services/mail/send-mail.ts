import type { BatchItem, Db } from '../../db.js';
import { emails, jobs, type MailAttachmentRef } from '../../../schema/index.js';
import { validationError } from '../../errors.js';
import { newId } from '../auth/random.js';
import { bytesToBase64 } from './base64.js';
import { QueueMailSchema, type QueueMailInput } from './mail-schemas.js';

/** The job kind that sends one e-mail (workers/jobs/email-send.ts); its job has the e-mail's id. */
export const EMAIL_SEND_JOB = 'email-send';

export interface QueuedMail {
  emailId: string;
  /** The e-mail row and its job: put them in the batch of the change that causes the message. */
  items: [BatchItem, BatchItem];
}

/**
 * The transactional outbox for mail: nothing is sent here. The caller writes these rows in the
 * same batch as its own change, so a message exists exactly when the change does, and the job
 * sends it (with retries) afterwards. Pass `id` when the same cause may be handled twice.
 */
export function queueMail(db: Db, input: QueueMailInput, now: Date, id?: string): QueuedMail {
  const parsed = QueueMailSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(input)', message: i.message })));
  const mail = parsed.data;
  // A fixed id (derived from the event that causes the mail) makes a repeated dispatch a no-op.
  const emailId = id ?? newId();
  const attachments: MailAttachmentRef[] = (mail.attachments ?? []).map((a) =>
    'content' in a
      ? { filename: a.filename, contentType: a.contentType, blobKey: null, contentBase64: bytesToBase64(a.content), size: a.content.byteLength }
      : { filename: a.filename, contentType: a.contentType, blobKey: a.blobKey, contentBase64: null, size: 0 },
  );
  return {
    emailId,
    items: [
      db.insert(emails).values({
        id: emailId, orgId: mail.orgId, siteId: mail.siteId ?? null, toAddresses: mail.to, ccAddresses: mail.cc ?? [], subject: mail.subject,
        textBody: mail.text, htmlBody: mail.html ?? null, attachments, purpose: mail.purpose, status: 'queued', jobId: emailId,
        createdBy: mail.createdBy ?? null, createdAt: now,
      }).onConflictDoNothing(),
      db.insert(jobs).values({ id: emailId, orgId: mail.orgId, siteId: mail.siteId ?? null, kind: EMAIL_SEND_JOB, input: { emailId }, status: 'queued', runAt: now, createdBy: mail.createdBy ?? null, createdAt: now }).onConflictDoNothing(),
    ],
  };
}
