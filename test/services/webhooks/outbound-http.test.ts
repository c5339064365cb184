import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboundError, type OutboundHttp, type OutboundRequest } from '../../../functions/services/webhooks/outbound-http.js';
import { fetchOutboundHttp } from '../../../platform/http/fetch-outbound.js';
import { nodeOutboundHttp } from '../../../platform/http/node-outbound.js';

/**
 * One contract for both outbound clients (Node's and workerd's fetch): the same address guard,
 * no redirects followed, a 1 KB excerpt, and errors by code. Each client's own behaviour with
 * names (resolved at lookup on Node, refused by name on workerd) is tested beside it.
 */
let server: Server;
let port: number;
let hits: string[];
let handler: (req: IncomingMessage, res: ServerResponse) => void;

beforeEach(async () => {
  hits = [];
  handler = (_req, res) => res.writeHead(204).end();
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    req.resume();
    req.on('end', () => handler(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function listenOn(host: string): Promise<Server | null> {
  const extra = createServer((req, res) => req.resume().on('end', () => res.writeHead(204).end()));
  const listening = await new Promise<boolean>((resolve) => {
    extra.once('error', () => resolve(false));
    extra.listen(0, host, () => resolve(true));
  });
  return listening ? extra : null;
}

const CLIENTS: [string, OutboundHttp][] = [['node', nodeOutboundHttp], ['fetch', fetchOutboundHttp]];

describe.each(CLIENTS)('%s outbound HTTP', (name, client) => {
  const post = (url: string, extra: Partial<OutboundRequest> = {}) =>
    client({ url, headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 5_000, allowPrivate: false, ...extra });

  async function refusal(url: string): Promise<OutboundError> {
    const err = await post(url).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(OutboundError);
    return err as OutboundError;
  }

  it('refuses a loopback IPv4 literal unless private targets are allowed', async () => {
    expect((await refusal(`http://127.0.0.1:${port}/a`)).code).toBe('ADDRESS_REFUSED');
    expect(hits).toEqual([]);
    expect((await post(`http://127.0.0.1:${port}/a`, { allowPrivate: true })).status).toBe(204);
    expect(hits).toEqual(['/a']);
  });

  it('refuses localhost, and sends to it once allowed', async () => {
    const err = await refusal(`http://localhost:${port}/b`);
    expect(err.code).toBe('ADDRESS_REFUSED');
    // Node resolves the name and refuses the address; workerd cannot resolve, so refuses the name.
    if (name === 'node') expect(err.message).toMatch(/resolves to/);
    expect(hits).toEqual([]);
    // Allowed, it is sent (localhost may resolve to ::1 first, where nothing listens: then NETWORK).
    const allowed = await post(`http://localhost:${port}/b`, { allowPrivate: true }).then((r) => r.status, (e: OutboundError) => e.code);
    expect(allowed).not.toBe('ADDRESS_REFUSED');
  });

  it.runIf(name === 'fetch')('refuses the local names .local and .internal, which it cannot resolve', async () => {
    expect((await refusal(`http://printer.local:${port}/b`)).code).toBe('ADDRESS_REFUSED');
    expect((await refusal('http://crm.internal/b')).code).toBe('ADDRESS_REFUSED');
  });

  it('refuses the IPv6 loopback, an IPv4-mapped loopback, 10/8 and the cloud metadata address', async () => {
    expect((await refusal(`http://[::1]:${port}/c`)).code).toBe('ADDRESS_REFUSED');
    expect((await refusal(`http://[::ffff:127.0.0.1]:${port}/c`)).code).toBe('ADDRESS_REFUSED');
    expect((await refusal(`http://10.1.2.3:${port}/c`)).code).toBe('ADDRESS_REFUSED');
    expect((await refusal('http://169.254.169.254/latest/meta-data')).code).toBe('ADDRESS_REFUSED');
    expect(hits).toEqual([]);
  });

  it('delivers to the IPv6 loopback once private targets are allowed', async (ctx) => {
    const v6 = await listenOn('::1');
    if (!v6) return ctx.skip();
    try {
      const v6Port = (v6.address() as AddressInfo).port;
      expect((await refusal(`http://[::1]:${v6Port}/`)).code).toBe('ADDRESS_REFUSED');
      expect((await post(`http://[::1]:${v6Port}/`, { allowPrivate: true })).status).toBe(204);
    } finally {
      v6.closeAllConnections();
      await new Promise((resolve) => v6.close(resolve));
    }
  });

  it('refuses a scheme other than http and https as a bad URL', async () => {
    expect((await refusal('ftp://example.com/x')).code).toBe('BAD_URL');
  });

  it('returns a redirect as it is, without following it', async () => {
    handler = (_req, res) => res.writeHead(302, { location: `http://127.0.0.1:${port}/elsewhere` }).end();
    const res = await post(`http://127.0.0.1:${port}/start`, { allowPrivate: true });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`http://127.0.0.1:${port}/elsewhere`);
    expect(hits).toEqual(['/start']);
  });

  it('keeps only the first 1 KB of a long answer', async () => {
    handler = (_req, res) => res.writeHead(500).end('x'.repeat(100_000));
    const res = await post(`http://127.0.0.1:${port}/`, { allowPrivate: true });
    expect(res.status).toBe(500);
    expect(res.bodyExcerpt).toBe('x'.repeat(1024));
  });

  it('gives up with TIMEOUT when no answer comes in time', async () => {
    handler = () => {};
    const started = Date.now();
    const err = await post(`http://127.0.0.1:${port}/`, { allowPrivate: true, timeoutMs: 200 }).catch((e: unknown) => e);
    expect((err as OutboundError).code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('reports a closed port as NETWORK', async () => {
    const closed = await listenOn('127.0.0.1');
    const closedPort = (closed!.address() as AddressInfo).port;
    await new Promise((resolve) => closed!.close(resolve));
    const err = await post(`http://127.0.0.1:${closedPort}/`, { allowPrivate: true }).catch((e: unknown) => e);
    expect((err as OutboundError).code).toBe('NETWORK');
  });
});
