import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCentralClient } from '../../../media-node/central/client.js';
import { CentralError, backoffMs, parseRetryAfter } from '../../../media-node/central/errors.js';
import { silentLogger } from '../../../media-node/log.js';
import { freePort } from '../../helpers/free-port.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((resolve) => { s.closeAllConnections(); s.close(resolve); });
});

/** A loopback server answering each request with the next handler (the last one repeats). */
async function scripted(handlers: ((req: IncomingMessage, res: ServerResponse, body: Buffer) => void)[]): Promise<{ url: string; seen: { method: string; url: string; headers: IncomingMessage['headers']; body: Buffer; at: number }[] }> {
  const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: Buffer; at: number }[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    seen.push({ method: req.method!, url: req.url!, headers: req.headers, body, at: Date.now() });
    handlers[Math.min(seen.length - 1, handlers.length - 1)]!(req, res, body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

describe('central client', () => {
  it('sends the bearer token and JSON to /api/v1/node/<path>', async () => {
    const server = await scripted([json(200, { accepted: ['a'] })]);
    const client = createCentralClient({ baseUrl: server.url, token: 'rml_t', log: silentLogger });
    expect(await client.postEvents([{ id: 'a' }])).toEqual(['a']);
    expect(server.seen[0]).toMatchObject({ method: 'POST', url: '/api/v1/node/events', headers: { authorization: 'Bearer rml_t', 'content-type': 'application/json' } });
    expect(JSON.parse(server.seen[0]!.body.toString())).toEqual({ events: [{ id: 'a' }] });
  });

  it('retries a 503 and succeeds on the next answer', async () => {
    const server = await scripted([json(503, {}), json(200, { accepted: [] })]);
    const client = createCentralClient({ baseUrl: server.url, token: 't', log: silentLogger, retries: 2, retryBaseMs: 10 });
    expect(await client.postEvents([])).toEqual([]);
    expect(server.seen.length).toBe(2);
  });

  it('honours Retry-After on 429', async () => {
    const server = await scripted([json(429, {}, { 'retry-after': '1' }), json(200, { accepted: [] })]);
    const client = createCentralClient({ baseUrl: server.url, token: 't', log: silentLogger, retries: 1, retryBaseMs: 1 });
    await client.postEvents([]);
    expect(server.seen[1]!.at - server.seen[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('does not retry a 400 and throws a non-retryable CentralError with the fields of the body', async () => {
    const server = await scripted([json(400, { error: { code: 'VALIDATION', fields: [{ field: 'files.wav', message: 'missing' }] } })]);
    const client = createCentralClient({ baseUrl: server.url, token: 't', log: silentLogger, retries: 3 });
    const error = await client.postAudio({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CentralError);
    expect(error).toMatchObject({ code: 'HTTP', status: 400, retryable: false, fields: ['files.wav'] });
    expect(server.seen.length).toBe(1);
  });

  it('times out a silent server with code TIMEOUT', async () => {
    const server = await scripted([() => {}]);
    const client = createCentralClient({ baseUrl: server.url, token: 't', log: silentLogger, retries: 0, timeoutMs: 200 });
    await expect(client.postEvents([])).rejects.toMatchObject({ code: 'TIMEOUT', retryable: true });
  });

  it('reports a refused connection as NETWORK (retryable)', async () => {
    const client = createCentralClient({ baseUrl: `http://127.0.0.1:${await freePort()}`, token: 't', log: silentLogger, retries: 0 });
    await expect(client.postEvents([])).rejects.toMatchObject({ code: 'NETWORK', retryable: true });
  });

  it('a reply of the wrong shape is BAD_RESPONSE', async () => {
    const server = await scripted([json(200, { nope: true })]);
    const client = createCentralClient({ baseUrl: server.url, token: 't', log: silentLogger });
    await expect(client.requestUpload({ name: 'a', contentType: 'audio/wav', size: 1, sha256: '0'.repeat(64) })).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('putFile streams the file with its length; the token goes to the central origin only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ramal-client-'));
    try {
      const path = join(dir, 'f.bin');
      const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
      await writeFile(path, bytes);
      const central = await scripted([(_q, res) => res.writeHead(204).end()]);
      const storage = await scripted([(_q, res) => res.writeHead(200).end()]);
      const client = createCentralClient({ baseUrl: central.url, token: 'rml_secret', log: silentLogger });
      await client.putFile({ method: 'PUT', url: `${central.url}/api/v1/node/blobs/k`, headers: { 'x-ramal-sha256': 'abc' } }, path, bytes.length, 'audio/wav');
      await client.putFile({ method: 'PUT', url: `${storage.url}/bucket/k?X-Amz-Signature=1`, headers: {} }, path, bytes.length, 'audio/wav');
      expect(central.seen[0]!.headers).toMatchObject({ authorization: 'Bearer rml_secret', 'content-length': '70000', 'x-ramal-sha256': 'abc' });
      expect(central.seen[0]!.body.equals(bytes)).toBe(true);
      expect(storage.seen[0]!.headers.authorization).toBeUndefined();
      expect(storage.seen[0]!.body.equals(bytes)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('retry policy', () => {
  it('backoff doubles from the base, stays within [ceiling/2, ceiling] and never exceeds the cap', () => {
    for (let attempt = 0; attempt < 40; attempt++) {
      const ceiling = Math.min(300_000, 1000 * 2 ** attempt);
      expect(backoffMs(attempt, 1000, 300_000, () => 0)).toBe(ceiling / 2);
      expect(backoffMs(attempt, 1000, 300_000, () => 0.999999)).toBeLessThanOrEqual(ceiling);
    }
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000 + 5000).toUTCString(), 10_000)).toBe(5000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });

  it('retryable: network, timeout, 5xx, 408, 409, 429; not other 4xx', () => {
    const http = (status: number) => new CentralError('HTTP', 'x', status).retryable;
    expect([500, 502, 503, 408, 409, 429].map(http)).toEqual([true, true, true, true, true, true]);
    expect([400, 401, 403, 404, 413, 422].map(http)).toEqual([false, false, false, false, false, false]);
    expect(new CentralError('NETWORK', 'x').retryable).toBe(true);
    expect(new CentralError('TIMEOUT', 'x').retryable).toBe(true);
  });
});
