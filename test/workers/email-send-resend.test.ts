import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { saveMailSettings } from '../../functions/services/mail/mail-settings.js';
import { queueMail } from '../../functions/services/mail/send-mail.js';
import { emails, jobs } from '../../schema/index.js';
import { EMAIL_SEND_JOB, runEmailSend } from '../../workers/jobs/email-send.js';
import { runDueJobs } from '../../workers/jobs/runner.js';
import { createHarness, type Harness } from '../helpers/harness.js';

interface Seen {
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
}

/** Resend's API shape: answers from `replies` in turn (then 200), keeps one message per Idempotency-Key. */
const resend = {
  seen: [] as Seen[],
  replies: [] as { status: number; body: unknown; headers?: Record<string, string> }[],
  accepted: new Map<string, string>(),
};
let server: Server;
let h: Harness;
let orgId: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      resend.seen.push({ path: req.url ?? '', headers: req.headers, body });
      const reply = resend.replies.shift();
      if (reply) {
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(JSON.stringify(reply.body));
        return;
      }
      const key = String(req.headers['idempotency-key']);
      if (!resend.accepted.has(key)) resend.accepted.set(key, `re_${resend.accepted.size + 1}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: resend.accepted.get(key) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  h = await createHarness({ RESEND_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  orgId = h.org.orgId;
  await saveMailSettings(h.deps.db, h.scope(), { provider: 'resend', fromAddress: 'pbx@acme.test', fromName: 'Acme', replyTo: 'help@acme.test', resendApiKey: 're_test_key' }, h.deps.now());
});
afterAll(async () => {
  h.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  resend.seen.length = 0;
  resend.replies.length = 0;
  resend.accepted.clear();
});

const run = () => runDueJobs(h.deps, { [EMAIL_SEND_JOB]: runEmailSend }, { owner: 'test' });

async function queue(subject: string, attachments: Parameters<typeof queueMail>[1]['attachments'] = []): Promise<string> {
  const queued = queueMail(h.deps.db, { orgId, to: ['ana@example.test'], cc: ['bob@example.test'], subject, text: 'Body text', html: '<p>Body</p>', purpose: 'test', attachments }, h.deps.now());
  await h.deps.db.batch(queued.items);
  return queued.emailId;
}

async function emailRow(id: string) {
  const [row] = await h.deps.db.select().from(emails).where(eq(emails.id, id));
  return row!;
}

describe('e-mail through Resend', () => {
  it('posts the message with the key, an Idempotency-Key and base64 attachments; the row keeps Resend\'s id', async () => {
    const bytes = new Uint8Array(3000).map((_, i) => (i * 13) % 256);
    const id = await queue('Hello', [{ filename: 'a.bin', contentType: 'application/octet-stream', content: bytes }]);
    resend.replies.push({ status: 200, body: { id: 'abc' } });
    await run();
    expect(resend.seen).toHaveLength(1);
    const [req] = resend.seen;
    expect(req!.path).toBe('/emails');
    expect(req!.headers.authorization).toBe('Bearer re_test_key');
    expect(req!.headers['idempotency-key']).toBe(id);
    expect(req!.body).toMatchObject({ from: '"Acme" <pbx@acme.test>', to: ['ana@example.test'], cc: ['bob@example.test'], reply_to: 'help@acme.test', subject: 'Hello', text: 'Body text', html: '<p>Body</p>' });
    expect(req!.body.attachments).toHaveLength(1);
    expect(req!.body.attachments[0]).toMatchObject({ filename: 'a.bin', content_type: 'application/octet-stream' });
    expect(new Uint8Array(Buffer.from(req!.body.attachments[0].content, 'base64'))).toEqual(bytes);
    expect(await emailRow(id)).toMatchObject({ status: 'sent', provider: 'resend', providerMessageId: 'abc', attempts: 1 });
  });

  it('retries after 500 twice and sends once on the third attempt, always with the same Idempotency-Key', async () => {
    const id = await queue('Flaky');
    resend.replies.push({ status: 500, body: { name: 'internal_server_error', message: 'boom' } }, { status: 500, body: { name: 'internal_server_error', message: 'boom' } });
    await run();
    expect(await emailRow(id)).toMatchObject({ status: 'queued', attempts: 1, lastError: 'Resend: boom (internal_server_error)' });
    h.clock.offsetMs += 2 * 60_000;
    await run();
    expect((await emailRow(id)).status).toBe('queued');
    h.clock.offsetMs += 7 * 60_000;
    await run();
    expect(await emailRow(id)).toMatchObject({ status: 'sent', attempts: 3, providerMessageId: 're_1' });
    expect(resend.seen.map((s) => s.headers['idempotency-key'])).toEqual([id, id, id]);
    expect(resend.accepted.size).toBe(1);
  });

  it('waits as long as a 429 Retry-After asks when that is longer than its own schedule', async () => {
    const id = await queue('Slow down');
    resend.replies.push({ status: 429, body: { name: 'rate_limit_exceeded', message: 'Too many requests' }, headers: { 'retry-after': '7200' } });
    const before = h.deps.now().getTime();
    await run();
    const [job] = await h.deps.db.select().from(jobs).where(eq(jobs.id, id));
    expect(job!.runAt.getTime() - before).toBeGreaterThanOrEqual(7_200_000);
    h.clock.offsetMs += 3 * 3_600_000;
    await run();
    expect((await emailRow(id)).status).toBe('sent');
  });

  it('fails at once on 422 with Resend\'s message', async () => {
    const id = await queue('Invalid');
    resend.replies.push({ status: 422, body: { statusCode: 422, name: 'validation_error', message: 'Invalid `to` field.' } });
    await run();
    expect(await emailRow(id)).toMatchObject({ status: 'failed', attempts: 1, lastError: 'Resend: Invalid `to` field. (validation_error)' });
    expect(resend.seen).toHaveLength(1);
  });

  it('sends again with the same key after a crash mid-send, so Resend keeps one message', async () => {
    const id = await queue('Crash');
    await run();
    // The runner died after posting: the row still says sending and the lease has run out.
    await h.deps.db.update(emails).set({ status: 'sending' }).where(eq(emails.id, id));
    await h.deps.db.update(jobs).set({ status: 'running', leaseOwner: 'dead', leaseUntil: new Date(h.deps.now().getTime() - 1000) }).where(eq(jobs.id, id));
    await run();
    expect(resend.seen.map((s) => s.headers['idempotency-key'])).toEqual([id, id]);
    expect(resend.accepted.size).toBe(1);
    expect(await emailRow(id)).toMatchObject({ status: 'sent', providerMessageId: 're_1' });
  });
});
