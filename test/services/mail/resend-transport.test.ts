import { describe, expect, it } from 'vitest';
import { MailSendError, type OutgoingMail } from '../../../functions/services/mail/mail-transport.js';
import { resendTransport, retryAfterMs } from '../../../functions/services/mail/resend-transport.js';

const MAIL: OutgoingMail = { id: 'm1', from: 'a@b.test', to: ['c@d.test'], cc: [], subject: 's', text: 't', attachments: [] };

function answering(status: number, body: unknown, headers: Record<string, string> = {}): typeof fetch {
  return async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers });
}

async function failure(fetchFn: typeof fetch): Promise<MailSendError> {
  const err = await resendTransport(fetchFn, 'http://resend.test', 'k').send(MAIL).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(MailSendError);
  return err as MailSendError;
}

describe('resendTransport', () => {
  it('treats an unreachable API as temporary', async () => {
    const err = await failure(async () => {
      throw new TypeError('fetch failed');
    });
    expect(err.code).toBe('TEMPORARY');
    expect(err.message).toContain('fetch failed');
  });

  it('treats 503 with Retry-After as temporary and passes the wait on', async () => {
    const err = await failure(answering(503, 'upstream down', { 'retry-after': '120' }));
    expect(err).toMatchObject({ code: 'TEMPORARY', retryAfterMs: 120_000 });
    expect(err.message).toContain('HTTP 503');
  });

  it('treats a concurrent request with the same key (409) as temporary, other 4xx as permanent', async () => {
    expect((await failure(answering(409, { name: 'concurrent_idempotent_requests', message: 'in progress' }))).code).toBe('TEMPORARY');
    expect((await failure(answering(409, { name: 'invalid_idempotent_request', message: 'payload differs' }))).code).toBe('PERMANENT');
    expect((await failure(answering(401, { name: 'missing_api_key', message: 'Missing API key' }))).message).toBe('Resend: Missing API key (missing_api_key)');
  });

  it('does not put the base URL\'s trailing slash twice', async () => {
    let url = '';
    await resendTransport(async (input) => {
      url = String(input);
      return new Response('{"id":"x"}', { status: 200 });
    }, 'http://resend.test/', 'k').send(MAIL);
    expect(url).toBe('http://resend.test/emails');
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, and ignores nonsense', () => {
    expect(retryAfterMs('30', 0)).toBe(30_000);
    expect(retryAfterMs(new Date(90_000).toUTCString(), 30_000)).toBe(60_000);
    expect(retryAfterMs('soon', 0)).toBeUndefined();
    expect(retryAfterMs(null, 0)).toBeUndefined();
  });
});
