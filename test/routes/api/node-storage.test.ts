import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { audioItems, events } from '../../../schema/index.js';
import { storedEventId } from '../../../functions/services/media-nodes/node-audio.js';
import { SiteSchema } from '../../../functions/services/sites/site-schemas.js';
import { createSite } from '../../../functions/services/sites/site-service.js';
import { createHarness, type Harness } from '../../helpers/harness.js';
import { integrationClient, nodeClient } from '../../helpers/node-client.js';
import type { TestClient } from '../../helpers/test-client.js';
import { expectError, jsonOf, refusedFields } from './api-helpers.js';

let h: Harness;
let node: TestClient;
let prefix: string;

beforeAll(async () => {
  h = await createHarness();
  node = await nodeClient(h);
  prefix = `org/${h.org.orgId}/site/${h.org.siteId}/`;
});
afterAll(() => h.close());

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const bytes = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text);

async function handshake(client: TestClient, name: string, body: Uint8Array) {
  return client.json('POST', '/api/v1/node/uploads', { name, contentType: 'audio/wav', size: body.byteLength, sha256: sha(body) });
}

/** Uploads through the handshake the way a node does; returns the stored key. */
async function upload(client: TestClient, name: string, body: Uint8Array<ArrayBuffer>): Promise<string> {
  const plan = await jsonOf(await handshake(client, name, body));
  if (plan.upload) {
    const path = new URL(plan.upload.url).pathname;
    expect((await client.request(path, { method: 'PUT', headers: plan.upload.headers, body })).status).toBe(204);
  }
  return plan.key;
}

describe('POST /api/v1/node/uploads with the file store', () => {
  it('answers the key under the site prefix and an absolute PUT URL back to this app with the checksum header', async () => {
    const body = bytes('RIFF-one');
    const plan = await jsonOf(await handshake(node, 'audio/a1/audio.wav', body));
    expect(plan.key).toBe(`${prefix}audio/a1/audio.wav`);
    expect(plan.upload).toEqual({
      method: 'PUT', url: `http://ramal.test/api/v1/node/blobs/${plan.key}`,
      headers: { 'content-type': 'audio/wav', 'x-ramal-sha256': sha(body), 'x-ramal-size': String(body.byteLength) },
    });
  });

  it('answers upload null once the object is stored with that size, so a retry sends nothing', async () => {
    const body = bytes('RIFF-two');
    const key = await upload(node, 'audio/a2/audio.wav', body);
    expect(await h.deps.blobs!.head(key)).toEqual({ size: body.byteLength });
    expect(await jsonOf(await handshake(node, 'audio/a2/audio.wav', body))).toEqual({ key, upload: null });
    // A different size means a different file: upload again.
    expect((await jsonOf(await handshake(node, 'audio/a2/audio.wav', bytes('RIFF-two-longer')))).upload).not.toBeNull();
  });

  it('refuses unsafe names with the field named', async () => {
    for (const name of ['../x.wav', '/abs.wav', 'a//b.wav', 'a/../b.wav', 'sp ace.wav', 'x'.repeat(201), '']) {
      const fields = await refusedFields(await node.json('POST', '/api/v1/node/uploads', { name, contentType: 'audio/wav', size: 1, sha256: 'a'.repeat(64) }));
      expect([...new Set(fields)], name).toEqual(['name']);
    }
    expect(await refusedFields(await node.json('POST', '/api/v1/node/uploads', { name: 'a.wav', contentType: 'audio/wav', size: -1, sha256: 'XYZ' }))).toEqual(['size', 'sha256']);
  });

  it('needs a node token', async () => {
    await expectError(await (await integrationClient(h)).json('POST', '/api/v1/node/uploads', { name: 'a.wav', contentType: 'audio/wav', size: 1, sha256: 'a'.repeat(64) }), 403, 'FORBIDDEN');
    await expectError(await h.client().json('POST', '/api/v1/node/uploads', { name: 'a.wav', contentType: 'audio/wav', size: 1, sha256: 'a'.repeat(64) }), 401);
  });
});

describe('PUT /api/v1/node/blobs/<key>', () => {
  const put = (client: TestClient, key: string, body: Uint8Array<ArrayBuffer>, headers: Record<string, string>) =>
    // In-process requests carry no Content-Length, so the size goes in x-ramal-size as /uploads says.
    client.request(`/api/v1/node/blobs/${key}`, { method: 'PUT', headers: { 'content-type': 'audio/wav', 'x-ramal-size': String(body.byteLength), ...headers }, body });

  it('stores the body and reads back the same bytes; a repeat is harmless', async () => {
    const body = bytes('some audio bytes');
    const key = `${prefix}audio/b1/audio.gsm`;
    expect((await put(node, key, body, { 'x-ramal-sha256': sha(body) })).status).toBe(204);
    expect((await put(node, key, body, { 'x-ramal-sha256': sha(body) })).status).toBe(204);
    const stream = await h.deps.blobs!.get(key);
    expect(new Uint8Array(await new Response(stream).arrayBuffer())).toEqual(body);
  });

  it('refuses a body whose SHA-256 differs, and stores nothing', async () => {
    const key = `${prefix}audio/b2/audio.wav`;
    const res = await put(node, key, bytes('tampered'), { 'x-ramal-sha256': sha(bytes('original')) });
    expect((await expectError(res, 400, 'BAD_REQUEST')).error.message).toMatch(/SHA-256.*nothing was stored/);
    expect(await h.deps.blobs!.head(key)).toBeNull();
  });

  it('refuses a body shorter or longer than announced, and stores nothing', async () => {
    const body = bytes('twelve bytes');
    const key = `${prefix}audio/b3/audio.wav`;
    await expectError(await put(node, key, body, { 'x-ramal-sha256': sha(body), 'x-ramal-size': '20' }), 400, 'BAD_REQUEST');
    await expectError(await put(node, key, body, { 'x-ramal-sha256': sha(body), 'x-ramal-size': '5' }), 400, 'BAD_REQUEST');
    expect(await h.deps.blobs!.head(key)).toBeNull();
  });

  it('refuses a missing checksum or size with the header named', async () => {
    expect(await refusedFields(await put(node, `${prefix}audio/b4/audio.wav`, bytes('x'), {}))).toEqual(['x-ramal-sha256']);
    const res = await node.request(`/api/v1/node/blobs/${prefix}audio/b4/audio.wav`, { method: 'PUT', headers: { 'x-ramal-sha256': sha(bytes('x')) }, body: bytes('x') });
    expect(await refusedFields(res)).toEqual(['content-length']);
  });

  it('answers 404 for a key of another site or another organization, storing nothing', async () => {
    const body = bytes('intruder');
    const branch = await createSite(h.deps.db, h.scope(), SiteSchema.parse({ name: 'Branch', timeZone: 'UTC' }), h.deps.now());
    const org2 = await h.addOrganization('Globex', 'admin@globex.test');
    for (const key of [`org/${h.org.orgId}/site/${branch}/audio/x.wav`, `org/${org2.orgId}/site/${org2.siteId}/audio/x.wav`, `${prefix}../../site/${branch}/x.wav`, 'elsewhere/x.wav']) {
      await expectError(await put(node, key, body, { 'x-ramal-sha256': sha(body) }), 404, 'NOT_FOUND');
      expect(await h.deps.blobs!.head(key.replace('../../', ''))).toBeNull();
    }
  });
});

describe('uploads over real HTTP', () => {
  it('streams a 3 MB body through @hono/node-server, sized by Content-Length, to the URL /uploads gave', async () => {
    const server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const body = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 31) % 251);
      const auth = { authorization: `Bearer ${node.bearer}` };
      const ask = await fetch(`${base}/api/v1/node/uploads`, {
        method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'audio/big/audio.wav', contentType: 'audio/wav', size: body.byteLength, sha256: sha(body) }),
      });
      const plan = await jsonOf(ask as Response);
      expect(plan.upload.url.startsWith(`${base}/api/v1/node/blobs/`)).toBe(true);
      const { 'x-ramal-size': _size, ...headers } = plan.upload.headers;
      const put = await fetch(plan.upload.url, { method: 'PUT', headers: { ...auth, ...headers }, body });
      expect(put.status, await put.clone().text()).toBe(204);
      const stored = new Uint8Array(await new Response(await h.deps.blobs!.get(plan.key)).arrayBuffer());
      expect(sha(stored)).toBe(sha(body));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('POST /api/v1/node/audio', () => {
  async function files(id: string, formats: ('wav' | 'gsm' | 'mp3')[] = ['wav', 'gsm', 'mp3']) {
    const out: Record<string, { key: string; size: number; sha256: string }> = {};
    for (const f of ['wav', 'gsm', 'mp3'] as const) {
      const body = bytes(`${f} of ${id}`);
      const key = formats.includes(f) ? await upload(node, `audio/${id}/audio.${f}`, body) : `${prefix}audio/${id}/audio.${f}`;
      out[f] = { key, size: body.byteLength, sha256: sha(body) };
    }
    return out;
  }
  const item = (id: string, f: Record<string, unknown>) => ({ id, kind: 'voicemail', startedAt: '2026-11-26T10:00:00.000Z', durationMs: 4200, files: f, metadata: { mailbox: '200' } });

  it('refuses an item whose file is not uploaded, naming it; after the upload it stores the row and its event in one batch', async () => {
    const id = crypto.randomUUID();
    const partial = await files(id, ['wav', 'gsm']);
    const refused = await expectError(await node.json('POST', '/api/v1/node/audio', item(id, partial)), 400, 'VALIDATION');
    expect(refused.error.fields?.[0]?.field).toBe('files.mp3');
    expect(refused.error.message).toContain(`${prefix}audio/${id}/audio.mp3`);
    expect(await h.deps.db.$count(audioItems, eq(audioItems.id, id))).toBe(0);

    await upload(node, `audio/${id}/audio.mp3`, bytes(`mp3 of ${id}`));
    const batch = vi.spyOn(h.deps.db, 'batch');
    try {
      expect(await jsonOf(await node.json('POST', '/api/v1/node/audio', item(id, partial)))).toEqual({ id, stored: true });
      expect(batch).toHaveBeenCalledTimes(1);
      expect(batch.mock.calls[0]![0]).toHaveLength(2);
    } finally {
      batch.mockRestore();
    }
    const [row] = await h.deps.db.select().from(audioItems).where(eq(audioItems.id, id));
    expect(row).toMatchObject({ orgId: h.org.orgId, siteId: h.org.siteId, kind: 'voicemail', durationMs: 4200, files: partial, metadata: { mailbox: '200' } });
    expect(row!.startedAt.toISOString()).toBe('2026-11-26T10:00:00.000Z');
    const [event] = await h.deps.db.select().from(events).where(eq(events.id, await storedEventId(id)));
    expect(event).toMatchObject({ type: 'audio.stored', siteId: h.org.siteId, payload: { audioId: id, kind: 'voicemail' } });
  });

  it('answers a repeated id with 200 and writes nothing new', async () => {
    const id = crypto.randomUUID();
    const f = await files(id);
    await jsonOf(await node.json('POST', '/api/v1/node/audio', item(id, f)));
    const before = await h.deps.db.$count(events);
    expect(await jsonOf(await node.json('POST', '/api/v1/node/audio', item(id, f)))).toEqual({ id, stored: true });
    expect(await h.deps.db.$count(audioItems, eq(audioItems.id, id))).toBe(1);
    expect(await h.deps.db.$count(events)).toBe(before);
  });

  it('refuses a file whose stored size differs', async () => {
    const id = crypto.randomUUID();
    const f = await files(id);
    const res = await node.json('POST', '/api/v1/node/audio', item(id, { ...f, gsm: { ...f.gsm!, size: f.gsm!.size + 1 } }));
    expect(await refusedFields(res)).toEqual(['files.gsm']);
  });

  it('answers 404 for a file key of another site, and for an id another site stored', async () => {
    const id = crypto.randomUUID();
    const f = await files(id);
    const branch = await createSite(h.deps.db, h.scope(), SiteSchema.parse({ name: 'Branch 2', timeZone: 'UTC' }), h.deps.now());
    const other = await nodeClient(h, { siteId: branch });
    await expectError(await other.json('POST', '/api/v1/node/audio', item(id, f)), 404, 'NOT_FOUND');
    await jsonOf(await node.json('POST', '/api/v1/node/audio', item(id, f)));
    await expectError(await other.json('POST', '/api/v1/node/audio', item(id, f)), 404, 'NOT_FOUND');
  });

  it('refuses bad input with the fields named', async () => {
    const res = await node.json('POST', '/api/v1/node/audio', { id: 'x', kind: 'song', startedAt: 'now', durationMs: -1, files: {}, metadata: {} });
    expect((await refusedFields(res)).sort()).toEqual(['durationMs', 'files.gsm', 'files.mp3', 'files.wav', 'id', 'kind', 'startedAt']);
  });
});
