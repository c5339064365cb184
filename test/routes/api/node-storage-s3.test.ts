import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audioItems } from '../../../schema/index.js';
import { createHarness, type Harness } from '../../helpers/harness.js';
import { nodeClient } from '../../helpers/node-client.js';
import { startLocalS3, type LocalS3 } from '../../helpers/s3rver.js';
import type { TestClient } from '../../helpers/test-client.js';
import { expectError, jsonOf } from './api-helpers.js';

let s3: LocalS3;
let h: Harness;
let node: TestClient;

beforeAll(async () => {
  s3 = await startLocalS3();
  h = await createHarness({ RAMAL_STORAGE: 's3', S3_ENDPOINT: s3.endpoint, S3_BUCKET: 'ramal-test', S3_ACCESS_KEY: s3.accessKey, S3_SECRET_KEY: s3.secretKey });
  node = await nodeClient(h);
});
afterAll(async () => {
  h.close();
  await s3.close();
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('the node upload routes with S3 storage', () => {
  it('hands out a presigned PUT URL of the bucket; after a real PUT to it a retry is told there is nothing to send', async () => {
    expect(h.deps.blobs?.kind).toBe('s3');
    const body = new TextEncoder().encode('RIFF wav bytes');
    const ask = { name: 'audio/s1/audio.wav', contentType: 'audio/wav', size: body.byteLength, sha256: sha(body) };
    const plan = await jsonOf(await node.json('POST', '/api/v1/node/uploads', ask));
    expect(plan.key).toBe(`org/${h.org.orgId}/site/${h.org.siteId}/audio/s1/audio.wav`);
    expect(plan.upload.method).toBe('PUT');
    expect(plan.upload.url.startsWith(`${s3.endpoint}/ramal-test/${plan.key}?`)).toBe(true);
    expect((await fetch(plan.upload.url, { method: 'PUT', headers: plan.upload.headers, body })).status).toBe(200);
    expect(await jsonOf(await node.json('POST', '/api/v1/node/uploads', ask))).toEqual({ key: plan.key, upload: null });
  });

  it('has no upload route of its own: PUT /blobs answers 404', async () => {
    const key = `org/${h.org.orgId}/site/${h.org.siteId}/audio/s2/audio.wav`;
    const res = await node.request(`/api/v1/node/blobs/${key}`, { method: 'PUT', headers: { 'x-ramal-sha256': sha(new Uint8Array(1)), 'x-ramal-size': '1' }, body: new Uint8Array(1) });
    await expectError(res, 404, 'NOT_FOUND');
  });

  it('records an audio item whose files are in the bucket', async () => {
    const id = crypto.randomUUID();
    const files: Record<string, { key: string; size: number; sha256: string }> = {};
    for (const f of ['wav', 'gsm', 'mp3']) {
      const body = new TextEncoder().encode(`${f} ${id}`);
      const plan = await jsonOf(await node.json('POST', '/api/v1/node/uploads', { name: `audio/${id}/audio.${f}`, contentType: 'application/octet-stream', size: body.byteLength, sha256: sha(body) }));
      expect((await fetch(plan.upload.url, { method: 'PUT', body })).status).toBe(200);
      files[f] = { key: plan.key, size: body.byteLength, sha256: sha(body) };
    }
    const item = { id, kind: 'call-recording', startedAt: new Date().toISOString(), durationMs: 1000, files, metadata: {} };
    expect(await jsonOf(await node.json('POST', '/api/v1/node/audio', item))).toEqual({ id, stored: true });
    expect(await h.deps.db.$count(audioItems, eq(audioItems.id, id))).toBe(1);
  });
});

describe('without object storage (workerd today)', () => {
  it('the upload routes answer 503 NOT_CONFIGURED; config and events still work', async () => {
    const blobs = h.deps.blobs;
    h.deps.blobs = null;
    try {
      const key = `org/${h.org.orgId}/site/${h.org.siteId}/x.wav`;
      const body = await expectError(await node.json('POST', '/api/v1/node/uploads', { name: 'x.wav', contentType: 'audio/wav', size: 1, sha256: 'a'.repeat(64) }), 503, 'NOT_CONFIGURED');
      expect(body.error.message).toMatch(/object storage/);
      await expectError(await node.request(`/api/v1/node/blobs/${key}`, { method: 'PUT', body: 'x' }), 503, 'NOT_CONFIGURED');
      const f = { key, size: 1, sha256: 'a'.repeat(64) };
      await expectError(await node.json('POST', '/api/v1/node/audio', { id: crypto.randomUUID(), kind: 'test', startedAt: new Date().toISOString(), durationMs: 0, files: { wav: f, gsm: f, mp3: f }, metadata: {} }), 503, 'NOT_CONFIGURED');
      expect((await node.get('/api/v1/node/config')).status).toBe(200);
    } finally {
      h.deps.blobs = blobs;
    }
  });
});
