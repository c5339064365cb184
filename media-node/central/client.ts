import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { NodeLogger } from '../log.js';
import { CentralError, backoffMs, parseRetryAfter } from './errors.js';

export interface CentralClientOptions {
  /** RAMAL_CENTRAL_URL, e.g. http://central:3000 */
  baseUrl: string;
  token: string;
  log: NodeLogger;
  timeoutMs?: number;
  /** Quick in-call retries for transient failures; long outages are the caller's loop (spool). */
  retries?: number;
  retryBaseMs?: number;
  fetch?: typeof fetch;
}

export interface RequestOptions {
  json?: unknown;
  headers?: Record<string, string>;
  retries?: number;
  /** 304 and friends the caller handles itself. */
  okStatuses?: number[];
}

export type CentralClient = ReturnType<typeof createCentralClient>;

const UploadTicket = z.object({
  key: z.string().min(1),
  upload: z.object({ method: z.literal('PUT'), url: z.string().min(1), headers: z.record(z.string(), z.string()).default({}) }).nullable(),
});
export type UploadTicket = z.infer<typeof UploadTicket>;
const EventsReply = z.object({ accepted: z.array(z.string()) });
const AudioReply = z.object({ id: z.string(), stored: z.literal(true) });

export function createCentralClient(options: CentralClientOptions) {
  const base = new URL('/api/v1/node/', options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const auth = { authorization: `Bearer ${options.token}` };

  async function once(url: URL, method: string, init: { body?: BodyInit; headers: Record<string, string>; okStatuses: number[]; timeoutMs: number }): Promise<Response> {
    let response: Response;
    try {
      response = await doFetch(url, { method, body: init.body ?? null, headers: init.headers, signal: AbortSignal.timeout(init.timeoutMs), redirect: 'error', ...(init.body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') throw new CentralError('TIMEOUT', `${method} ${url.pathname} timed out after ${init.timeoutMs} ms`, null, null, { cause: error });
      throw new CentralError('NETWORK', `${method} ${url.pathname}: ${String((error as Error).cause ?? error)}`, null, null, { cause: error });
    }
    if (response.ok || init.okStatuses.includes(response.status)) return response;
    const text = await response.text().catch(() => '');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    throw new CentralError('HTTP', `${method} ${url.pathname} answered ${response.status}: ${text.slice(0, 300)}`, response.status, parseRetryAfter(response.headers.get('retry-after')), { body });
  }

  async function request(method: string, path: string, req: RequestOptions = {}): Promise<Response> {
    const url = new URL(path.replace(/^\//, ''), base);
    const headers: Record<string, string> = { ...auth, ...req.headers };
    if (req.json !== undefined) headers['content-type'] = 'application/json';
    const body = req.json === undefined ? undefined : JSON.stringify(req.json);
    const retries = req.retries ?? options.retries ?? 2;
    for (let attempt = 0; ; attempt++) {
      try {
        return await once(url, method, { ...(body === undefined ? {} : { body }), headers, okStatuses: req.okStatuses ?? [], timeoutMs });
      } catch (error) {
        if (!(error instanceof CentralError) || !error.retryable || attempt >= retries) throw error;
        const wait = error.retryAfterMs ?? backoffMs(attempt, options.retryBaseMs ?? 250, 5_000);
        options.log.debug('central call retried', { method, path, attempt, waitMs: Math.round(wait), error: error.message });
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  async function jsonOf<T>(response: Response, schema: z.ZodType<T>): Promise<T> {
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new CentralError('BAD_RESPONSE', `unexpected reply from ${response.url}: ${parsed.error.message}`, response.status);
    return parsed.data;
  }

  return {
    request,
    jsonOf,
    origin: base.origin,
    async postEvents(events: unknown[]): Promise<string[]> {
      return (await jsonOf(await request('POST', 'events', { json: { events } }), EventsReply)).accepted;
    },
    async requestUpload(ticket: { name: string; contentType: string; size: number; sha256: string }): Promise<UploadTicket> {
      return jsonOf(await request('POST', 'uploads', { json: ticket }), UploadTicket);
    },
    async postAudio(body: unknown): Promise<void> {
      await jsonOf(await request('POST', 'audio', { json: body }), AudioReply);
    },
    /** Streams a file from disk to the URL of an upload ticket (object storage or the central blob route). */
    async putFile(upload: NonNullable<UploadTicket['upload']>, path: string, size: number, contentType: string): Promise<void> {
      const url = new URL(upload.url, base);
      const headers: Record<string, string> = { 'content-type': contentType, ...upload.headers, 'content-length': String(size) };
      // The central blob route wants our token; presigned storage URLs must not see it.
      if (url.origin === base.origin && !Object.keys(headers).some((h) => h.toLowerCase() === 'authorization')) headers.authorization = auth.authorization;
      const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
      const response = await once(url, 'PUT', { body, headers, okStatuses: [], timeoutMs: Math.max(timeoutMs, 60_000 + Math.ceil(size / 50)) });
      await response.arrayBuffer().catch(() => undefined);
    },
  };
}
