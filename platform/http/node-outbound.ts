/**
 * Node's outbound HTTP for webhooks. node:http(s) instead of fetch because the address check must
 * happen where the socket connects: a name that resolves to a public address when saved and to
 * 127.0.0.1 when sent (DNS rebinding) is refused here, at lookup time.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isPrivateAddress } from '../../functions/services/webhooks/endpoint-url.js';
import { OutboundError, type OutboundHttp, type OutboundResponse } from '../../functions/services/webhooks/outbound-http.js';

const EXCERPT_BYTES = 1024;

function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      // Every address must pass: the socket may try any of them (happy eyeballs).
      const refused = allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address));
      if (refused) return callback(new OutboundError(`${hostname} resolves to ${refused.address}, a loopback, private or reserved address`, 'ADDRESS_REFUSED'), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new OutboundError(`${hostname} has no address`, 'NETWORK'), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

function responseHeaders(res: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

export const nodeOutboundHttp: OutboundHttp = (req) =>
  new Promise<OutboundResponse>((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return reject(new OutboundError(`not a URL: ${req.url}`, 'BAD_URL'));
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return reject(new OutboundError(`only http and https URLs are allowed, not ${url.protocol}`, 'BAD_URL'));
    // A literal IP never goes through lookup, so it is checked here.
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const literal = /^[\d.]+$/.test(host) || host.includes(':');
    if (!req.allowPrivate && literal && isPrivateAddress(host)) return reject(new OutboundError(`${host} is a loopback, private or reserved address`, 'ADDRESS_REFUSED'));

    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const fail = (err: unknown) => finish(() => reject(err instanceof OutboundError ? err : new OutboundError((err as Error).message || String(err), 'NETWORK')));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    // No shared agent: a kept-alive socket would skip the lookup, and with it the address check.
    const request = send(url, {
      method: 'POST', agent: false, lookup: guardedLookup(req.allowPrivate),
      headers: { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) },
    });
    // One deadline for connecting, sending and reading the answer.
    const timer = setTimeout(() => request.destroy(new OutboundError(`no answer within ${req.timeoutMs / 1000} s`, 'TIMEOUT')), req.timeoutMs);
    request.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        // Only an excerpt is kept; the rest is drained so the socket closes cleanly.
        if (size < EXCERPT_BYTES) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () =>
        finish(() => resolve({ status: res.statusCode ?? 0, headers: responseHeaders(res), bodyExcerpt: Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8') })),
      );
      res.on('error', fail);
      res.on('aborted', () => fail(new OutboundError('the connection closed before the answer ended', 'NETWORK')));
    });
    request.on('error', fail);
    request.end(req.body);
  });
