import { and, eq } from 'drizzle-orm';
import { chooseTransport, outgoingMail } from '../../functions/services/mail/choose-transport.js';
import { loadMailSettings } from '../../functions/services/mail/mail-settings.js';
import { MailSendError } from '../../functions/services/mail/mail-transport.js';
import { mailRetryDelay } from '../../functions/services/mail/retry-schedule.js';
import { emails } from '../../schema/index.js';
import { RetryJob, type JobHandler } from './runner.js';

export { EMAIL_SEND_JOB } from '../../functions/services/mail/send-mail.js';

function asSendError(err: unknown): MailSendError {
  if (err instanceof MailSendError) return err;
  // Anything else (a socket reset, a store hiccup) may pass on the next attempt; the schedule still ends.
  return new MailSendError(err instanceof Error ? err.message : String(err), 'TEMPORARY');
}

/**
 * Sends one queued e-mail. A run that finds the message 'sending' follows a crash mid-send and sends
 * again: Resend gets the same Idempotency-Key (the e-mail id) and keeps one message; SMTP has no
 * such key, so there the delivery is at least once and a crash right after the server accepted the
 * message may deliver it twice (the Message-ID stays the same, so clients can tell).
 */
export const runEmailSend: JobHandler = async ({ deps, job, progress }) => {
  const emailId = typeof job.input.emailId === 'string' ? job.input.emailId : '';
  const [email] = await deps.db.select().from(emails).where(and(eq(emails.id, emailId), eq(emails.orgId, job.orgId)));
  if (!email) throw new Error(`e-mail ${emailId} of this job no longer exists`);
  if (email.status === 'sent' || email.status === 'failed') return { result: { emailId, status: email.status } };

  const settings = await loadMailSettings(deps.db, job.orgId);
  const attempt = email.attempts + 1;
  let provider: 'outbox' | 'resend' | 'smtp' | null = null;
  try {
    const chosen = chooseTransport(deps, settings);
    provider = chosen.provider;
    await deps.db.update(emails).set({ status: 'sending', attempts: attempt, provider }).where(eq(emails.id, emailId));
    const mail = await outgoingMail(deps, email, settings);
    // Renews the lease: a slow server must not let a second runner take the job while this one sends.
    await progress(0, 1);
    const sent = await chosen.transport.send(mail);
    await deps.db
      .update(emails)
      .set({ status: 'sent', provider, providerMessageId: sent.providerMessageId, outboxFile: sent.outboxFile ?? null, sentAt: deps.now(), lastError: null })
      .where(eq(emails.id, emailId));
    return { result: { emailId, status: 'sent', provider, attempts: attempt } };
  } catch (err) {
    const failure = asSendError(err);
    const delay = failure.code === 'TEMPORARY' ? mailRetryDelay(attempt, failure.retryAfterMs) : null;
    if (delay === null) {
      // Kept with its reason for the list and the retry button: a message is never dropped silently.
      await deps.db.update(emails).set({ status: 'failed', attempts: attempt, provider, lastError: failure.message.slice(0, 1000) }).where(eq(emails.id, emailId));
      throw failure;
    }
    await deps.db.update(emails).set({ status: 'queued', attempts: attempt, lastError: failure.message.slice(0, 1000) }).where(eq(emails.id, emailId));
    throw new RetryJob(failure.message, new Date(deps.now().getTime() + delay), { emailId, attempts: attempt });
  }
};
