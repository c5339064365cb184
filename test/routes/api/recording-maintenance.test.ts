import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { runJobs, insertRecorded, toHex } from '../../services/recording-maintenance/recordings-fixture.js';
import { type Harness, useHarness } from '../../helpers/harness.js';
import type { TestClient } from '../../helpers/test-client.js';
import { SiteSchema } from '../../../functions/services/sites/site-schemas.js';
import { createSite } from '../../../functions/services/sites/site-service.js';
import { jobs } from '../../../schema/index.js';
import { eq } from 'drizzle-orm';
import { bytesOf, expectError, FULL_MATRIX, jsonOf, matrixWithout, refusedFields, userWithMatrix } from './api-helpers.js';

let h: Harness;
let admin: TestClient;
useHarness((ready) => ({ h, admin } = ready));

const base = '/api/v1/recordings-maintenance/conference';
const zipBody = (extra: Record<string, unknown> = {}) => ({ from: '2060-01-01T00:00:00Z', to: '2061-01-01T00:00:00Z', formats: ['mp3'], target: { kind: 'zip' }, ...extra });

describe('starting and following an export', () => {
  it('queues a ZIP export, shows its progress and result, and downloads the archive', async () => {
    const rec = await insertRecorded(h, { startedAt: new Date('2060-05-05T12:00:00Z') });
    const started = await jsonOf(await admin.json('POST', `${base}/exports`, zipBody()), 201);
    expect(started).toMatchObject({ kind: 'recordings-export', status: 'queued', request: { from: '2060-01-01T00:00:00.000Z'.replace('.000', ''), formats: ['mp3'], target: { kind: 'zip' } } });
    await runJobs(h);
    const done = await jsonOf(await admin.get(`${base}/jobs/${started.id}`));
    expect(done).toMatchObject({ status: 'done', progress: { done: 1, total: 1 }, result: { exported: 1, files: 1 } });
    expect(done.result.cursor).toBeUndefined();
    const res = await admin.get(`${base}/jobs/${started.id}/download`);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const entries = unzipSync(await bytesOf(res));
    expect(Object.values(entries).map(toHex)).toEqual([toHex(rec.bytes.mp3)]);
    const list = await jsonOf(await admin.get(`${base}/jobs`));
    expect(list.jobs[0].id).toBe(started.id);
  });

  it('answers 404 for the download of an expired archive or of a delete job', async () => {
    const started = await jsonOf(await admin.json('POST', `${base}/exports`, zipBody({ from: '2062-01-01T00:00:00Z', to: '2063-01-01T00:00:00Z' })), 201);
    await runJobs(h);
    expect((await admin.get(`${base}/jobs/${started.id}/download`)).status).toBe(200);
    const [row] = await h.deps.db.select().from(jobs).where(eq(jobs.id, started.id));
    await h.deps.db.update(jobs).set({ result: { ...row!.result, expiresAt: new Date(Date.now() - 1000).toISOString() } }).where(eq(jobs.id, started.id));
    await expectError(await admin.get(`${base}/jobs/${started.id}/download`), 404);
    const del = await jsonOf(await admin.json('POST', `${base}/deletes`, { from: '2062-01-01T00:00:00Z', to: '2063-01-01T00:00:00Z' }), 201);
    await expectError(await admin.get(`${base}/jobs/${del.id}/download`), 404);
  });

  it('never shows the bucket secret', async () => {
    const body = zipBody({ target: { kind: 'bucket', endPoint: 's3.example.test', bucket: 'exports', accessKey: 'AK', secretKey: 'top-secret-key' } });
    const started = await admin.json('POST', `${base}/exports`, body);
    const text = await started.text();
    expect(started.status).toBe(201);
    expect(text).not.toContain('top-secret-key');
    expect(JSON.parse(text).request.target).toMatchObject({ kind: 'bucket', bucket: 'exports', endPoint: 's3.example.test' });
    expect(await (await admin.get(`${base}/jobs`)).text()).not.toContain('top-secret-key');
  });

  it('stops a queued job', async () => {
    const started = await jsonOf(await admin.json('POST', `${base}/exports`, zipBody({ from: '2064-01-01T00:00:00Z', to: '2065-01-01T00:00:00Z' })), 201);
    expect(await jsonOf(await admin.json('POST', `${base}/jobs/${started.id}/stop`, {}))).toMatchObject({ status: 'stopped' });
    await expectError(await admin.json('POST', `${base}/jobs/${started.id}/stop`, {}), 409);
  });

  it('queues a node-folder export as a node job of the site, and refuses one without a site naming siteId', async () => {
    const started = await jsonOf(await admin.json('POST', `${base}/exports`, zipBody({ siteId: h.org.siteId, target: { kind: 'node-folder', folder: 'ramal' } })), 201);
    expect(started).toMatchObject({ kind: 'node:recordings-export', siteId: h.org.siteId });
    expect(await refusedFields(await admin.json('POST', `${base}/exports`, zipBody({ target: { kind: 'node-folder' } })))).toEqual(['siteId']);
  });
});

describe('bad input', () => {
  it('names the wrong fields', async () => {
    expect(await refusedFields(await admin.json('POST', `${base}/exports`, zipBody({ formats: [] })))).toEqual(['formats']);
    expect(await refusedFields(await admin.json('POST', `${base}/exports`, zipBody({ from: 'yesterday' })))).toEqual(['from']);
    expect(await refusedFields(await admin.json('POST', `${base}/exports`, zipBody({ target: { kind: 'bucket', endPoint: 'x', bucket: 'Bad_Name', accessKey: 'a', secretKey: 's' } })))).toEqual(['target.bucket']);
    expect(await refusedFields(await admin.json('POST', `${base}/exports`, zipBody({ from: '2061-01-01T00:00:00Z', to: '2060-01-01T00:00:00Z' })))).toEqual(['to']);
    expect(await refusedFields(await admin.json('POST', `${base}/deletes`, { to: 42 }))).toEqual(['to']);
  });

  it('answers 404 for a module that has no recordings', async () => {
    await expectError(await admin.get('/api/v1/recordings-maintenance/nothing/jobs'), 404);
  });
});

describe('permissions and tenants', () => {
  it('needs vconference.export to export and vconference.delete to delete', async () => {
    const noExport = await userWithMatrix(h, matrixWithout('vconference', 'export'));
    await expectError(await noExport.client.json('POST', `${base}/exports`, zipBody()), 403);
    const noDelete = await userWithMatrix(h, matrixWithout('vconference', 'delete'));
    await expectError(await noDelete.client.json('POST', `${base}/deletes`, {}), 403);
    expect((await noDelete.client.json('POST', `${base}/exports`, zipBody())).status).toBe(201);
    const neither = await userWithMatrix(h, { vconference: ['view'] });
    await expectError(await neither.client.get(`${base}/jobs`), 403);
  });

  it("hides a delete job from a user who may only export, and another organization's job entirely", async () => {
    const del = await jsonOf(await admin.json('POST', `${base}/deletes`, { from: '2066-01-01T00:00:00Z', to: '2067-01-01T00:00:00Z' }), 201);
    const exporter = await userWithMatrix(h, matrixWithout('vconference', 'delete'));
    await expectError(await exporter.client.get(`${base}/jobs/${del.id}`), 403);
    expect((await jsonOf(await exporter.client.get(`${base}/jobs`))).jobs.map((j: { id: string }) => j.id)).not.toContain(del.id);
    const other = await h.addOrganization(`Other ${Date.now()}`, `other-${Date.now()}@example.test`);
    const foreign = await userWithMatrix(h, FULL_MATRIX, { orgId: other.orgId });
    await expectError(await foreign.client.get(`${base}/jobs/${del.id}`), 404);
    await expectError(await foreign.client.json('POST', `${base}/jobs/${del.id}/stop`, {}), 404);
    await expectError(await foreign.client.json('POST', `${base}/exports`, zipBody({ siteId: h.org.siteId })), 404);
  });

  it('lets a site-limited administrator target only their sites', async () => {
    const branch = await createSite(h.deps.db, h.scope(), SiteSchema.parse({ name: `Branch ${Date.now()}`, timeZone: 'UTC' }), h.deps.now());
    const limited = await userWithMatrix(h, FULL_MATRIX);
    await jsonOf(await admin.json('PATCH', `/api/v1/users/${limited.id}`, { siteIds: [branch] }));
    await expectError(await limited.client.json('POST', `${base}/exports`, zipBody({ siteId: h.org.siteId })), 404);
    const mine = await jsonOf(await limited.client.json('POST', `${base}/deletes`, { siteId: branch }), 201);
    const theirs = await jsonOf(await admin.json('POST', `${base}/deletes`, { siteId: h.org.siteId, from: '2068-01-01T00:00:00Z', to: '2069-01-01T00:00:00Z' }), 201);
    const seen = (await jsonOf(await limited.client.get(`${base}/jobs`))).jobs.map((j: { id: string }) => j.id);
    expect(seen).toContain(mine.id);
    expect(seen).not.toContain(theirs.id);
    await expectError(await limited.client.get(`${base}/jobs/${theirs.id}`), 404);
  });

  it("a site-limited administrator's export of every site only reaches their sites", async () => {
    const branch = await createSite(h.deps.db, h.scope(), SiteSchema.parse({ name: `Branch2 ${Date.now()}`, timeZone: 'UTC' }), h.deps.now());
    const limited = await userWithMatrix(h, FULL_MATRIX);
    await jsonOf(await admin.json('PATCH', `/api/v1/users/${limited.id}`, { siteIds: [branch] }));
    const here = await insertRecorded(h, { startedAt: new Date('2070-02-02T10:00:00Z'), siteId: branch });
    await insertRecorded(h, { startedAt: new Date('2070-02-03T10:00:00Z') });
    const started = await jsonOf(await limited.client.json('POST', `${base}/exports`, zipBody({ from: '2070-01-01T00:00:00Z', to: '2071-01-01T00:00:00Z', formats: ['wav'] })), 201);
    await runJobs(h);
    const entries = unzipSync(await bytesOf(await limited.client.get(`${base}/jobs/${started.id}/download`)));
    expect(Object.values(entries).map(toHex)).toEqual([toHex(here.bytes.wav)]);
  });
});
