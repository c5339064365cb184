import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { mailText } from '../../../functions/i18n/mail.js';
import { queueMail } from '../../../functions/services/mail/send-mail.js';
import { emails, mailSettings } from '../../../schema/index.js';
import { type Harness, useHarness } from '../../helpers/harness.js';
import type { TestClient } from '../../helpers/test-client.js';
import { matrixWithout, userWithMatrix } from './api-helpers.js';

let h: Harness;
let admin: TestClient;

useHarness((ready) => ({ h, admin } = ready));

describe('the mail pages', () => {
  it('say plainly that mail goes to the local outbox folder, and where it is', async () => {
    const res = await admin.get('/mail');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`${h.dir}/mail-outbox`);
    expect(html).toContain('No e-mail is sent');
  });

  it('list a failed message with its error and a retry button that queues it again', async () => {
    const queued = queueMail(h.deps.db, { orgId: h.org.orgId, to: ['ana@example.test'], subject: 'Broken one', text: 'x', purpose: 'test' }, h.deps.now());
    await h.deps.db.batch(queued.items);
    await h.deps.db.update(emails).set({ status: 'failed', attempts: 6, lastError: 'SMTP: connect ECONNREFUSED' }).where(eq(emails.id, queued.emailId));
    const html = await (await admin.get('/mail')).text();
    expect(html).toContain('Broken one');
    expect(html).toContain('SMTP: connect ECONNREFUSED');
    expect(html).toContain(`name="ids" value="${queued.emailId}" formaction="/mail/retry"`);
    const res = await admin.form('/mail/retry', { ids: queued.emailId });
    expect(res.status).toBe(303);
    const [row] = await h.deps.db.select().from(emails).where(eq(emails.id, queued.emailId));
    expect(row?.status).toBe('queued');
  });

  it('filter the list by status, keeping the filter in the table\'s links', async () => {
    const ok = queueMail(h.deps.db, { orgId: h.org.orgId, to: ['bia@example.test'], subject: 'Went fine', text: 'x', purpose: 'test' }, h.deps.now());
    const bad = queueMail(h.deps.db, { orgId: h.org.orgId, to: ['bia@example.test'], subject: 'Went wrong', text: 'x', purpose: 'test' }, h.deps.now());
    await h.deps.db.batch([...ok.items, ...bad.items]);
    await h.deps.db.update(emails).set({ status: 'sent' }).where(eq(emails.id, ok.emailId));
    await h.deps.db.update(emails).set({ status: 'failed', lastError: 'refused' }).where(eq(emails.id, bad.emailId));
    const html = await (await admin.get('/mail?status=failed')).text();
    expect(html).toContain('Went wrong');
    expect(html).not.toContain('Went fine');
    expect(html).toMatch(/href="\/mail\?status=failed[^"]*format=csv"/);
    expect((await admin.get('/mail?status=lost')).status).toBe(400);
  });

  it('save SMTP settings from the form, keeping the password out of the page', async () => {
    const bad = await admin.form('/settings/mail', { provider: 'smtp', fromAddress: 'pbx@acme.test', smtpHost: '', smtpPort: '', smtpSecurity: 'none' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('href="#f-smtpHost"');
    const ok = await admin.form('/settings/mail', { provider: 'smtp', fromAddress: 'pbx@acme.test', fromName: 'Acme', smtpHost: 'mail.acme.test', smtpPort: '2525', smtpSecurity: 'none', smtpUser: 'pbx', smtpPassword: 'pw-123456' });
    expect(ok.status).toBe(303);
    const [row] = await h.deps.db.select().from(mailSettings).where(eq(mailSettings.orgId, h.org.orgId));
    expect(row).toMatchObject({ provider: 'smtp', smtpPort: 2525, smtpPassword: 'pw-123456' });
    const page = await (await admin.get('/settings/mail')).text();
    expect(page).not.toContain('pw-123456');
    expect(page).toContain('data-show-when="provider=smtp"');
    expect(await (await admin.get('/mail')).text()).toContain('Messages are sent with SMTP server.');
  });

  it('queue a test e-mail from the settings page, refusing a bad address', async () => {
    const bad = await admin.form('/settings/mail/test', { to: 'nope' });
    expect(bad.status).toBe(400);
    const ok = await admin.form('/settings/mail/test', { to: 'ana@example.test' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/mail');
    const rows = await h.deps.db.select().from(emails).where(eq(emails.purpose, 'mail.test'));
    expect(rows.map((r) => r.toAddresses)).toContainEqual(['ana@example.test']);
  });

  it('are refused (403) without system.configure', async () => {
    const { client } = await userWithMatrix(h, matrixWithout('system', 'configure'));
    expect((await client.get('/mail')).status).toBe(403);
    expect((await client.get('/settings/mail')).status).toBe(403);
    expect((await client.form('/settings/mail/test', { to: 'a@b.test' })).status).toBe(403);
  });
});

describe('the mail texts', () => {
  it('have the same keys in every language', () => {
    const en = Object.keys(mailText.en).sort();
    expect(Object.keys(mailText['pt-BR']).sort()).toEqual(en);
    expect(Object.keys(mailText.es).sort()).toEqual(en);
  });
});
