import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../functions/deps.js';
import { saveMailSettings } from '../../functions/services/mail/mail-settings.js';
import { queueMail } from '../../functions/services/mail/send-mail.js';
import { emails, jobs } from '../../schema/index.js';
import { EMAIL_SEND_JOB, runEmailSend } from '../../workers/jobs/email-send.js';
import { runDueJobs } from '../../workers/jobs/runner.js';
import { createHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const handlers = { [EMAIL_SEND_JOB]: runEmailSend };

async function queued(orgId: string, extra: Partial<Parameters<typeof queueMail>[1]> = {}): Promise<string> {
  const q = queueMail(h.deps.db, { orgId, to: ['ana@example.test'], subject: 'x', text: 'x', purpose: 'test', ...extra }, h.deps.now());
  await h.deps.db.batch(q.items);
  return q.emailId;
}

async function emailRow(id: string) {
  const [row] = await h.deps.db.select().from(emails).where(eq(emails.id, id));
  return row!;
}

describe('messages that cannot be sent', () => {
  it('fail with a clear reason on a runtime without an outbox folder or SMTP (workerd) and no settings', async () => {
    const workerd: Deps = { ...h.deps, mail: { smtp: null, outbox: null, readOutboxFile: null } };
    const id = await queued(h.org.orgId);
    await runDueJobs(workerd, handlers, { owner: 'test' });
    expect(await emailRow(id)).toMatchObject({ status: 'failed', lastError: 'no mail settings: configure Resend under Settings › E-mail' });
  });

  it('fail when SMTP is chosen on a runtime without sockets', async () => {
    const org = await h.addOrganization('Smtp on workerd', 'smtp-workerd@example.test');
    await saveMailSettings(h.deps.db, h.scope(org.orgId), { provider: 'smtp', fromAddress: 'a@b.test', fromName: '', smtpHost: 'mail.test', smtpPort: 25, smtpSecurity: 'none' }, h.deps.now());
    const workerd: Deps = { ...h.deps, mail: { smtp: null, outbox: null, readOutboxFile: null } };
    const id = await queued(org.orgId);
    await runDueJobs(workerd, handlers, { owner: 'test' });
    expect((await emailRow(id)).lastError).toMatch(/SMTP is not available/);
  });

  it('fail at once when a stored attachment is gone', async () => {
    const id = await queued(h.org.orgId, { attachments: [{ filename: 'gone.wav', contentType: 'audio/wav', blobKey: 'mail-test/never-stored.wav' }] });
    await runDueJobs(h.deps, handlers, { owner: 'test' });
    expect(await emailRow(id)).toMatchObject({ status: 'failed', attempts: 1, lastError: 'attachment gone.wav is no longer stored' });
  });

  it('are not sent twice: a job for a message already sent does nothing', async () => {
    const id = await queued(h.org.orgId);
    await runDueJobs(h.deps, handlers, { owner: 'test' });
    const sent = await emailRow(id);
    expect(sent.status).toBe('sent');
    await h.deps.db.update(jobs).set({ status: 'queued', runAt: h.deps.now() }).where(eq(jobs.id, id));
    await runDueJobs(h.deps, handlers, { owner: 'test' });
    expect(await emailRow(id)).toMatchObject({ status: 'sent', attempts: 1, outboxFile: sent.outboxFile });
  });
});
