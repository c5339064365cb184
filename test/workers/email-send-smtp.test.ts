import { createServer, type AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveMailSettings } from '../../functions/services/mail/mail-settings.js';
import { queueMail } from '../../functions/services/mail/send-mail.js';
import { emails, jobs } from '../../schema/index.js';
import { EMAIL_SEND_JOB, runEmailSend } from '../../workers/jobs/email-send.js';
import { runDueJobs } from '../../workers/jobs/runner.js';
import { createHarness, type Harness } from '../helpers/harness.js';
import { smtpPeer } from '../helpers/smtp-peer.js';
import { jsonOf } from '../routes/api/api-helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const run = () => runDueJobs(h.deps, { [EMAIL_SEND_JOB]: runEmailSend }, { owner: 'test' });

/** A port nothing listens on: bound once, then released. */
async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

async function orgWithSmtp(name: string, port: number): Promise<string> {
  const org = await h.addOrganization(name, `admin-${name.toLowerCase()}@example.test`);
  await saveMailSettings(h.deps.db, h.scope(org.orgId), {
    provider: 'smtp', fromAddress: 'pbx@acme.test', fromName: 'Acme PBX', smtpHost: '127.0.0.1', smtpPort: port, smtpSecurity: 'none',
  }, h.deps.now());
  return org.orgId;
}

async function emailRow(id: string) {
  const [row] = await h.deps.db.select().from(emails).where(eq(emails.id, id));
  return row!;
}

describe('e-mail through a real SMTP server', () => {
  it('delivers subject, recipients, text and both attachments (inline and from the blob store) byte for byte', async () => {
    const peer = await smtpPeer();
    try {
      const orgId = await orgWithSmtp('Smtpco', peer.port);
      const inline = new Uint8Array([0, 1, 2, 250, 251, 252, 10, 13]);
      const audio = new Uint8Array(40_000).map((_, i) => (i * 7) % 256);
      await h.deps.blobs!.put('mail-test/message.wav', audio, { size: audio.byteLength });
      const queued = queueMail(h.deps.db, {
        orgId, to: ['ana@example.test'], cc: ['bob@example.test'], subject: 'Voicemail from 2001', text: 'You have a new message.', purpose: 'voicemail.received',
        attachments: [
          { filename: 'note.bin', contentType: 'application/octet-stream', content: inline },
          { filename: 'message.wav', contentType: 'audio/wav', blobKey: 'mail-test/message.wav' },
        ],
      }, h.deps.now());
      await h.deps.db.batch(queued.items);
      await run();
      expect(peer.received).toHaveLength(1);
      const parsed = await simpleParser(peer.received[0]!);
      expect(parsed.subject).toBe('Voicemail from 2001');
      expect(parsed.text?.trim()).toBe('You have a new message.');
      expect(parsed.from?.text).toBe('"Acme PBX" <pbx@acme.test>');
      expect([parsed.to].flat().map((a) => a?.text)).toEqual(['ana@example.test']);
      expect(parsed.attachments.map((a) => a.filename)).toEqual(['note.bin', 'message.wav']);
      expect(new Uint8Array(parsed.attachments[0]!.content)).toEqual(inline);
      expect(new Uint8Array(parsed.attachments[1]!.content)).toEqual(audio);
      const row = await emailRow(queued.emailId);
      expect(row).toMatchObject({ status: 'sent', provider: 'smtp', attempts: 1, lastError: null });
      expect(row.providerMessageId).toContain(queued.emailId);
    } finally {
      await peer.close();
    }
  });

  it('fails at once, without retries, when the server refuses the recipient (550)', async () => {
    const peer = await smtpPeer({ rejectRcpt: 550 });
    try {
      const orgId = await orgWithSmtp('Refused', peer.port);
      const queued = queueMail(h.deps.db, { orgId, to: ['nobody@example.test'], subject: 'Hi', text: 'x', purpose: 'test' }, h.deps.now());
      await h.deps.db.batch(queued.items);
      await run();
      const row = await emailRow(queued.emailId);
      expect(row).toMatchObject({ status: 'failed', attempts: 1 });
      expect(row.lastError).toMatch(/550|mailbox unavailable/);
      const [job] = await h.deps.db.select().from(jobs).where(eq(jobs.id, queued.emailId));
      expect(job?.status).toBe('failed');
    } finally {
      await peer.close();
    }
  });

  it('retries when the server greylists the recipient (451) instead of failing', async () => {
    const peer = await smtpPeer({ rejectRcpt: 451 });
    try {
      const orgId = await orgWithSmtp('Greylist', peer.port);
      const queued = queueMail(h.deps.db, { orgId, to: ['ana@example.test'], subject: 'Later', text: 'x', purpose: 'test' }, h.deps.now());
      await h.deps.db.batch(queued.items);
      await run();
      const row = await emailRow(queued.emailId);
      expect(row).toMatchObject({ status: 'queued', attempts: 1 });
      expect(row.lastError).toMatch(/451|greylisted/);
      // Out of the way of the next test's clock jumps.
      await h.deps.db.update(emails).set({ status: 'failed' }).where(eq(emails.id, queued.emailId));
      await h.deps.db.update(jobs).set({ status: 'failed' }).where(eq(jobs.id, queued.emailId));
    } finally {
      await peer.close();
    }
  });

  it('re-queues for about a minute when the server is down, then fails after the last retry, shown by the API', async () => {
    const orgId = await orgWithSmtp('Downco', await deadPort());
    const queued = queueMail(h.deps.db, { orgId, to: ['ana@example.test'], subject: 'Down', text: 'x', purpose: 'test' }, h.deps.now());
    await h.deps.db.batch(queued.items);
    const before = h.deps.now().getTime();
    await run();
    const [job] = await h.deps.db.select().from(jobs).where(eq(jobs.id, queued.emailId));
    expect(job?.status).toBe('queued');
    const wait = job!.runAt.getTime() - before;
    expect(wait).toBeGreaterThanOrEqual(48_000);
    expect(wait).toBeLessThanOrEqual(73_000);
    let row = await emailRow(queued.emailId);
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    expect(row.lastError).toMatch(/SMTP/);
    // Five retries follow (1 min … 6 h, with jitter); the clock jumps past each one.
    for (let i = 0; i < 5; i++) {
      h.clock.offsetMs += 8 * 3_600_000;
      await run();
    }
    row = await emailRow(queued.emailId);
    expect(row).toMatchObject({ status: 'failed', attempts: 6 });
    h.clock.offsetMs += 8 * 3_600_000;
    expect(await run()).toBe(0);
    const admin = await h.signedIn('admin-downco@example.test', 'admin-password-1');
    const shown = await jsonOf(await admin.get(`/api/v1/mail/messages/${queued.emailId}`));
    expect(shown).toMatchObject({ status: 'failed', attempts: 6, provider: 'smtp' });
    expect(shown.lastError).toMatch(/SMTP/);
  });
});
