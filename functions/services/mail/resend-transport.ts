import { bytesToBase64 } from './base64.js';
import { MailSendError, type MailTransport, type OutgoingMail } from './mail-transport.js';

const TIMEOUT_MS = 30_000;

/** Retry-After as seconds or an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function resendBody(mail: OutgoingMail) {
  return {
    from: mail.from, to: mail.to, subject: mail.subject, text: mail.text,
    ...(mail.cc.length ? { cc: mail.cc } : {}),
    ...(mail.replyTo ? { reply_to: mail.replyTo } : {}),
    ...(mail.html ? { html: mail.html } : {}),
    ...(mail.attachments.length
      ? { attachments: mail.attachments.map((a) => ({ filename: a.filename, content: bytesToBase64(a.content), content_type: a.contentType })) }
      : {}),
  };
}

/** Resend answers errors as { name, message } (e.g. validation_error); text is kept short for the UI. */
function errorDetail(status: number, body: string): { name: string | null; text: string } {
  try {
    const parsed = JSON.parse(body) as { name?: unknown; message?: unknown };
    const name = typeof parsed.name === 'string' ? parsed.name : null;
    if (typeof parsed.message === 'string') return { name, text: `${parsed.message}${name ? ` (${name})` : ''}`.slice(0, 500) };
  } catch {
    // Not JSON: a proxy's page, say.
  }
  return { name: null, text: `HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ''}` };
}

/**
 * Resend's HTTP API, with fetch only, so it works on workerd as on Node. The message id goes as
 * Idempotency-Key: an attempt repeated after a crash or a lost answer does not send it twice.
 */
export function resendTransport(fetchFn: typeof fetch, baseUrl: string, apiKey: string, timeoutMs = TIMEOUT_MS): MailTransport {
  const url = `${baseUrl.replace(/\/+$/, '')}/emails`;
  return {
    async send(mail) {
      let res: Response;
      try {
        res = await fetchFn(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'idempotency-key': mail.id },
          body: JSON.stringify(resendBody(mail)),
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        throw new MailSendError(`Resend unreachable: ${err instanceof Error ? err.message : String(err)}`, 'TEMPORARY');
      }
      const body = await res.text().catch(() => '');
      if (res.status >= 200 && res.status < 300) {
        let id: unknown = null;
        try {
          id = (JSON.parse(body) as { id?: unknown }).id;
        } catch {
          // Accepted without a readable id: the message is sent all the same.
        }
        return { providerMessageId: typeof id === 'string' ? id : null };
      }
      const detail = errorDetail(res.status, body);
      // Resend refuses a second request with the same key while the first is still in progress.
      const temporary = res.status === 429 || res.status >= 500 || (res.status === 409 && detail.name === 'concurrent_idempotent_requests');
      if (temporary) throw new MailSendError(`Resend: ${detail.text}`, 'TEMPORARY', retryAfterMs(res.headers.get('retry-after'), Date.now()));
      throw new MailSendError(`Resend: ${detail.text}`, 'PERMANENT');
    },
  };
}
