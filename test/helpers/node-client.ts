import { createToken } from '../../functions/services/tokens/token-service.js';
import type { Harness } from './harness.js';
import type { TestClient } from './test-client.js';

/** A caller holding a media node token of `siteId` (the harness organization's first site by default). */
export async function nodeClient(h: Harness, options: { siteId?: string; orgId?: string } = {}): Promise<TestClient> {
  const orgId = options.orgId ?? h.org.orgId;
  const siteId = options.siteId ?? h.org.siteId;
  const { secret } = await createToken(h.deps.db, h.scope(orgId), { name: `node ${siteId.slice(0, 8)} ${Math.random().toString(36).slice(2, 7)}`, kind: 'node', siteId }, h.deps.now());
  const client = h.client();
  client.bearer = secret;
  return client;
}

/** A caller holding an integration token with every permission of the organization's administrator profile. */
export async function integrationClient(h: Harness): Promise<TestClient> {
  const { secret } = await createToken(h.deps.db, h.scope(), { name: `integration ${Math.random().toString(36).slice(2, 7)}`, kind: 'integration', profileId: h.org.adminProfileId }, h.deps.now());
  const client = h.client();
  client.bearer = secret;
  return client;
}

export interface UploadedAudio {
  id: string;
  files: Record<'wav' | 'gsm' | 'mp3', { key: string; size: number; sha256: string }>;
  bodies: Record<'wav' | 'gsm' | 'mp3', Uint8Array<ArrayBuffer>>;
}

/**
 * What a media node does with a finished recording: uploads its three encodings through the
 * upload handshake, then records the audio item. The bodies are recognisable text, not audio.
 */
export async function uploadAudioItem(node: TestClient, item: { kind: string; metadata: Record<string, unknown>; startedAt?: string; durationMs?: number; repeat?: number }): Promise<UploadedAudio> {
  const id = crypto.randomUUID();
  const sha = async (b: Uint8Array<ArrayBuffer>) => [...new Uint8Array(await crypto.subtle.digest('SHA-256', b))].map((x) => x.toString(16).padStart(2, '0')).join('');
  const files = {} as UploadedAudio['files'];
  const bodies = {} as UploadedAudio['bodies'];
  for (const f of ['wav', 'gsm', 'mp3'] as const) {
    const body = new TextEncoder().encode(`${f} audio of ${id} `.repeat(item.repeat ?? 10));
    const sha256 = await sha(body);
    const planned = await node.json('POST', '/api/v1/node/uploads', { name: `audio/${id}/audio.${f}`, contentType: 'application/octet-stream', size: body.byteLength, sha256 });
    if (planned.status !== 200) throw new Error(`upload plan answered ${planned.status}: ${await planned.text()}`);
    const plan = (await planned.json()) as { key: string; upload: { url: string; headers: Record<string, string> } };
    const put = await node.request(new URL(plan.upload.url).pathname, { method: 'PUT', headers: plan.upload.headers, body });
    if (put.status !== 204) throw new Error(`upload answered ${put.status}: ${await put.text()}`);
    files[f] = { key: plan.key, size: body.byteLength, sha256 };
    bodies[f] = body;
  }
  const stored = await node.json('POST', '/api/v1/node/audio', { id, kind: item.kind, startedAt: item.startedAt ?? '2026-11-26T13:00:00.000Z', durationMs: item.durationMs ?? 4000, files, metadata: item.metadata });
  if (stored.status !== 200) throw new Error(`POST /node/audio answered ${stored.status}: ${await stored.text()}`);
  return { id, files, bodies };
}
