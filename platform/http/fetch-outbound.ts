/**
 * Outbound HTTP for webhooks where only fetch exists (workerd). Names cannot be resolved here, so
 * only literal addresses and local names are checked; Cloudflare's network does not route to
 * private ranges from a Worker anyway. Redirects are returned, never followed.
 */
import { isPrivateAddress } from '../../functions/services/webhooks/endpoint-url.js';
import { OutboundError, type OutboundHttp } from '../../functions/services/webhooks/outbound-http.js';

const EXCERPT_BYTES = 1024;
const LOCAL_NAME = /(^|\.)(localhost|local|internal)\.?$/i;

function refusedHost(host: string): boolean {
  if (LOCAL_NAME.test(host)) return true;
  const literal = /^[\d.]+$/.test(host) || host.includes(':');
  return literal && isPrivateAddress(host);
}

/** Reads at most EXCERPT_BYTES of the answer and drops the rest unread. */
async function readExcerpt(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(bytes.subarray(0, EXCERPT_BYTES));
}

function timeoutError(ms: number): OutboundError {
  return new OutboundError(`no answer within ${ms / 1000} s`, 'TIMEOUT');
}

export const fetchOutboundHttp: OutboundHttp = async (req) => {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    throw new OutboundError(`not a URL: ${req.url}`, 'BAD_URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundError(`only http and https URLs are allowed, not ${url.protocol}`, 'BAD_URL');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!req.allowPrivate && refusedHost(host)) throw new OutboundError(`${host} is a loopback, private or reserved address`, 'ADDRESS_REFUSED');
  const signal = AbortSignal.timeout(req.timeoutMs);
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: req.headers, body: req.body, redirect: 'manual', signal });
  } catch (err) {
    if (signal.aborted) throw timeoutError(req.timeoutMs);
    throw new OutboundError((err as Error).message, 'NETWORK');
  }
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
  let bodyExcerpt: string;
  try {
    bodyExcerpt = await readExcerpt(res);
  } catch (err) {
    if (signal.aborted) throw timeoutError(req.timeoutMs);
    throw new OutboundError((err as Error).message, 'NETWORK');
  }
  return { status: res.status, headers, bodyExcerpt };
};
