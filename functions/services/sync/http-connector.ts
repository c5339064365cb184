import { ApiError } from '../../errors.js';
import type { PbxConnection } from '../../../schema/tables/sites.js';

type HttpConnection = Extract<PbxConnection, { kind: 'http' }>;

/** PBX answers slower than this count as unreachable, so a sync never hangs. */
export const PBX_TIMEOUT_MS = 15_000;

function pick(value: unknown, path: string): unknown {
  if (!path) return value;
  let current: unknown = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function text(value: unknown): unknown {
  return typeof value === 'number' ? String(value) : value;
}

/** Reads the PBX's extension list over HTTP/JSON with the site's field mapping. */
export async function fetchHttpExtensions(conn: HttpConnection, fetchImpl: typeof fetch, signal?: AbortSignal): Promise<unknown[]> {
  const headers = new Headers({ accept: 'application/json' });
  if (conn.authHeader) {
    const at = conn.authHeader.indexOf(':');
    headers.set(conn.authHeader.slice(0, at).trim(), conn.authHeader.slice(at + 1).trim());
  }
  const timeout = AbortSignal.timeout(PBX_TIMEOUT_MS);
  let response: Response;
  try {
    // Redirects are refused: the credential header must never follow the PBX somewhere else.
    response = await fetchImpl(conn.url, { headers, redirect: 'manual', signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (err) {
    const reason = timeout.aborted ? `no answer within ${PBX_TIMEOUT_MS / 1000} s` : err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    throw new ApiError('PBX_UNREACHABLE', `Could not reach the PBX at ${conn.url}: ${reason}`, { messageKey: 'sync.err.unreachable', messageParams: { url: conn.url, reason } });
  }
  if (!response.ok) {
    throw new ApiError('PBX_UNREACHABLE', `The PBX answered HTTP ${response.status} at ${conn.url}`, { messageKey: 'sync.err.status', messageParams: { status: response.status } });
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ApiError('PBX_UNREACHABLE', 'The PBX answer is not JSON', { messageKey: 'sync.err.notJson' });
  }
  const list = pick(body, conn.mapping.list);
  if (!Array.isArray(list)) {
    throw new ApiError('PBX_UNREACHABLE', `No list at "${conn.mapping.list || '(the answer itself)'}" in the PBX answer`, { messageKey: 'sync.err.noList', messageParams: { path: conn.mapping.list || '—' } });
  }
  return list.map((item) => ({
    number: text(pick(item, conn.mapping.number)),
    name: text(pick(item, conn.mapping.name)) ?? '',
    email: pick(item, conn.mapping.email) ?? null,
  }));
}
