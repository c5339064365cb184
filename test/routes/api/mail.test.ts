import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { queueMail } from '../../../functions/services/mail/send-mail.js';
import { emails, jobs, sites } from '../../../schema/index.js';
import { EMAIL_SEND_JOB, runEmailSend } from '../../../workers/jobs/email-send.js';
import { runDueJobs } from '../../../workers/jobs/runner.js';
import { type Harness, useHarness } from '../../helpers/harness.js';
import type { TestClient } from '../../helpers/test-client.js';
import { bytesOf, expectError, jsonOf, matrixWithout, refusedFields, userWithMatrix } from './api-helpers.js';

let h: Harness;
let admin: TestClient;
let outbox: string;

useHarness((ready) => ({ h, admin } = ready));
beforeAll(async () => {
  outbox = join(h.dir, 'mail-outbox');
});

const run = () => runDueJobs(h.deps, { [EMAIL_SEND_JOB]: runEmailSend }, { owner: 'test' });

describe('the local outbox folder (no mail settings)', () => {
  it('writes a test e-mail as a .eml file that parses, lists it and lets it be downloaded', async () => {
    const { emailId } = await jsonOf(await admin.json('POST', '/api/v1/mail/test', { to: 'Ana@Example.test' }), 202);
    expect((await jsonOf(await admin.get(`/api/v1/mail/messages/${emailId}`))).status).toBe('queued');
    await run();
    const files = (await readdir(outbox)).filter((f) => f.endsWith('.eml'));
    expect(files.filter((f) => f.includes(emailId))).toHaveLength(1);
    const raw = await readFile(join(outbox, files.find((f) => f.includes(emailId))!));
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('Ramal test e-mail');
    expect([parsed.to].flat().map((a) => a?.text)).toEqual(['ana@example.test']);
    const list = await jsonOf(await admin.get('/api/v1/mail/messages?status=sent'));
    expect(list.items.map((m: any) => m.id)).toContain(emailId);
    expect(list.items.find((m: any) => m.id === emailId)).toMatchObject({ status: 'sent', provider: 'outbox', purpose: 'mail.test', to: ['ana@example.test'] });
    const download = await admin.get(`/api/v1/mail/messages/${emailId}/eml`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('message/rfc822');
    expect(Buffer.from(await bytesOf(download)).equals(raw)).toBe(true);
  });

  it('filters the list by status and refuses an unknown status', async () => {
    const queued = queueMail(h.deps.db, { orgId: h.org.orgId, to: ['a@example.test'], subject: 'broken', text: 'x', purpose: 'test' }, h.deps.now());
    await h.deps.db.batch(queued.items);
    await h.deps.db.update(emails).set({ status: 'failed', lastError: 'nope' }).where(eq(emails.id, queued.emailId));
    await h.deps.db.update(jobs).set({ status: 'failed' }).where(eq(jobs.id, queued.emailId));
    const failed = await jsonOf(await admin.get('/api/v1/mail/messages?status=failed'));
    expect(failed.items.map((m: any) => m.id)).toEqual([queued.emailId]);
    const sent = await jsonOf(await admin.get('/api/v1/mail/messages?status=sent'));
    expect(sent.items.length).toBeGreaterThan(0);
    expect(sent.items.map((m: any) => m.id)).not.toContain(queued.emailId);
    expect(await refusedFields(await admin.get('/api/v1/mail/messages?status=lost'))).toEqual(['status']);
  });

  it('never reads a file outside the outbox folder', async () => {
    await writeFile(join(h.dir, 'secret.eml'), 'not yours');
    expect(await h.deps.mail.readOutboxFile!('../secret.eml')).toBeNull();
    const queued = queueMail(h.deps.db, { orgId: h.org.orgId, to: ['a@example.test'], subject: 'x', text: 'x', purpose: 'test' }, h.deps.now());
    await h.deps.db.batch(queued.items);
    await h.deps.db.update(emails).set({ status: 'sent', provider: 'outbox', outboxFile: '../secret.eml' }).where(eq(emails.id, queued.emailId));
    await expectError(await admin.get(`/api/v1/mail/messages/${queued.emailId}/eml`), 404, 'NOT_FOUND');
  });

  it('has no .eml for a message sent another way (404)', async () => {
    const queued = queueMail(h.deps.db, { orgId: h.org.orgId, to: ['a@example.test'], subject: 'x', text: 'x', purpose: 'test' }, h.deps.now());
    await h.deps.db.batch(queued.items);
    await h.deps.db.update(emails).set({ status: 'sent', provider: 'resend', providerMessageId: 'abc' }).where(eq(emails.id, queued.emailId));
    await expectError(await admin.get(`/api/v1/mail/messages/${queued.emailId}/eml`), 404, 'NOT_FOUND');
  });
});

describe('retrying a failed message', () => {
  it('puts a failed message and its job back in the queue, and refuses one that is not failed (409)', async () => {
    const queued = queueMail(h.deps.db, { orgId: h.org.orgId, to: ['a@example.test'], subject: 'retry me', text: 'x', purpose: 'test' }, h.deps.now());
    await h.deps.db.batch(queued.items);
    await h.deps.db.update(emails).set({ status: 'failed', attempts: 6, lastError: 'SMTP: down' }).where(eq(emails.id, queued.emailId));
    await h.deps.db.update(jobs).set({ status: 'failed', error: 'SMTP: down' }).where(eq(jobs.id, queued.emailId));
    const retried = await jsonOf(await admin.json('POST', `/api/v1/mail/messages/${queued.emailId}/retry`, {}));
    expect(retried).toMatchObject({ status: 'queued', attempts: 0 });
    const [job] = await h.deps.db.select().from(jobs).where(eq(jobs.id, queued.emailId));
    expect(job).toMatchObject({ status: 'queued', attempts: 0, error: null });
    await run();
    expect((await jsonOf(await admin.get(`/api/v1/mail/messages/${queued.emailId}`))).status).toBe('sent');
    await expectError(await admin.json('POST', `/api/v1/mail/messages/${queued.emailId}/retry`, {}), 409, 'CONFLICT');
  });
});

describe('mail settings', () => {
  it('starts unconfigured (outbox)', async () => {
    expect(await jsonOf(await admin.get('/api/v1/mail/settings'))).toMatchObject({ configured: false, provider: 'outbox', resendApiKeySet: false });
  });

  it('names every missing SMTP field and a bad sender', async () => {
    const fields = await refusedFields(await admin.json('PUT', '/api/v1/mail/settings', { provider: 'smtp', fromAddress: 'not an address' }));
    expect(fields.sort()).toEqual(['fromAddress', 'smtpHost', 'smtpPort', 'smtpSecurity']);
  });

  it('refuses Resend without a key, and a line break in the sender name', async () => {
    expect(await refusedFields(await admin.json('PUT', '/api/v1/mail/settings', { provider: 'resend', fromAddress: 'pbx@acme.test' }))).toEqual(['resendApiKey']);
    expect(await refusedFields(await admin.json('PUT', '/api/v1/mail/settings', { provider: 'outbox', fromAddress: 'pbx@acme.test', fromName: 'A\r\nBcc: x@y.z' }))).toEqual(['fromName']);
  });

  it('never echoes the Resend key or SMTP password, and a blank one keeps the stored secret', async () => {
    const key = 're_secret_value_123';
    const putRes = await admin.json('PUT', '/api/v1/mail/settings', { provider: 'resend', fromAddress: 'pbx@acme.test', resendApiKey: key });
    const putText = await putRes.clone().text();
    expect(putText).not.toContain(key);
    expect(await jsonOf(putRes)).toMatchObject({ configured: true, provider: 'resend', resendApiKeySet: true });
    const kept = await jsonOf(await admin.json('PUT', '/api/v1/mail/settings', { provider: 'resend', fromAddress: 'pbx@acme.test', fromName: 'Acme', resendApiKey: '' }));
    expect(kept).toMatchObject({ resendApiKeySet: true, fromName: 'Acme' });
    const smtp = await admin.json('PUT', '/api/v1/mail/settings', {
      provider: 'smtp', fromAddress: 'pbx@acme.test', smtpHost: 'mail.acme.test', smtpPort: 587, smtpSecurity: 'starttls', smtpUser: 'pbx', smtpPassword: 'hunter2-pass',
    });
    expect(await smtp.clone().text()).not.toContain('hunter2-pass');
    expect(await jsonOf(smtp)).toMatchObject({ smtpPasswordSet: true, smtpUser: 'pbx', smtpPort: 587 });
    const got = await admin.get('/api/v1/mail/settings');
    const gotText = await got.text();
    expect(gotText).not.toContain('hunter2-pass');
    expect(gotText).not.toContain(key);
    // Back to the outbox so the other tests keep writing files.
    await jsonOf(await admin.json('PUT', '/api/v1/mail/settings', { provider: 'outbox', fromAddress: 'pbx@acme.test' }));
  });
});

describe('permissions and tenants', () => {
  it('answers 403 without system.configure, for settings, test and the list', async () => {
    const { client } = await userWithMatrix(h, matrixWithout('system', 'configure'));
    await expectError(await client.get('/api/v1/mail/settings'), 403, 'FORBIDDEN');
    await expectError(await client.json('PUT', '/api/v1/mail/settings', { provider: 'outbox', fromAddress: 'a@b.test' }), 403, 'FORBIDDEN');
    await expectError(await client.json('POST', '/api/v1/mail/test', { to: 'a@b.test' }), 403, 'FORBIDDEN');
    await expectError(await client.get('/api/v1/mail/messages'), 403, 'FORBIDDEN');
  });

  it('answers 404 for another organization\'s message, its .eml and its retry', async () => {
    const queued = queueMail(h.deps.db, { orgId: h.org.orgId, to: ['a@example.test'], subject: 'mine', text: 'x', purpose: 'test' }, h.deps.now());
    await h.deps.db.batch(queued.items);
    await h.addOrganization('Other', 'other-admin@example.test');
    const other = await h.signedIn('other-admin@example.test', 'admin-password-1');
    await expectError(await other.get(`/api/v1/mail/messages/${queued.emailId}`), 404, 'NOT_FOUND');
    await expectError(await other.get(`/api/v1/mail/messages/${queued.emailId}/eml`), 404, 'NOT_FOUND');
    await expectError(await other.json('POST', `/api/v1/mail/messages/${queued.emailId}/retry`, {}), 404, 'NOT_FOUND');
    const list = await jsonOf(await other.get('/api/v1/mail/messages'));
    expect(list.items.map((m: any) => m.id)).not.toContain(queued.emailId);
  });

  it('lets a site-limited administrator see only its sites\' messages and not change the settings', async () => {
    const [site] = await h.deps.db.select().from(sites).where(eq(sites.orgId, h.org.orgId));
    const mine = queueMail(h.deps.db, { orgId: h.org.orgId, siteId: site!.id, to: ['a@example.test'], subject: 'site mail', text: 'x', purpose: 'test' }, h.deps.now());
    const orgWide = queueMail(h.deps.db, { orgId: h.org.orgId, to: ['a@example.test'], subject: 'org mail', text: 'x', purpose: 'test' }, h.deps.now());
    await h.deps.db.batch([...mine.items, ...orgWide.items]);
    const email = 'site-admin@example.test';
    const profiles = await jsonOf(await admin.get('/api/v1/profiles'));
    const adminProfile = profiles.items.find((p: any) => p.name === 'Administrators').id;
    await h.addUser({ email, profileId: adminProfile, siteIds: [site!.id] });
    const limited = await h.signedIn(email, 'user-password-1');
    const ids = (await jsonOf(await limited.get('/api/v1/mail/messages?pageSize=200'))).items.map((m: any) => m.id);
    expect(ids).toContain(mine.emailId);
    expect(ids).not.toContain(orgWide.emailId);
    await expectError(await limited.get(`/api/v1/mail/messages/${orgWide.emailId}`), 404, 'NOT_FOUND');
    await expectError(await limited.json('PUT', '/api/v1/mail/settings', { provider: 'outbox', fromAddress: 'a@b.test' }), 403, 'FORBIDDEN');
  });
});

describe('queueMail', () => {
  it('refuses a bad recipient and inline attachments over 1 MB, naming the field', () => {
    const base = { orgId: h.org.orgId, subject: 's', text: 't', purpose: 'test' };
    expect(() => queueMail(h.deps.db, { ...base, to: ['nope'] }, h.deps.now())).toThrow(/to\.0/);
    const big = new Uint8Array(1024 * 1024 + 1);
    expect(() => queueMail(h.deps.db, { ...base, to: ['a@b.test'], attachments: [{ filename: 'a', contentType: 'x/y', content: big }] }, h.deps.now())).toThrow(/attachments/);
  });
});

