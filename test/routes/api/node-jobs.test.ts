import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { enqueueJob } from '../../../functions/services/jobs/job-queue.js';
import { NODE_JOB_LEASE_MS } from '../../../functions/services/jobs/node-jobs-contract.js';
import { toJobScope } from '../../../functions/services/recording-maintenance/job-scope.js';
import { NODE_RECORDINGS_EXPORT_JOB, RecordingsExportInputSchema } from '../../../functions/services/recording-maintenance/maintenance-jobs.js';
import { createSite } from '../../../functions/services/sites/site-service.js';
import { SiteSchema } from '../../../functions/services/sites/site-schemas.js';
import { jobs } from '../../../schema/index.js';
import { useHarness, type Harness } from '../../helpers/harness.js';
import { integrationClient, nodeClient } from '../../helpers/node-client.js';
import type { TestClient } from '../../helpers/test-client.js';
import { insertRecorded } from '../../services/recording-maintenance/recordings-fixture.js';

let h: Harness;
useHarness((ready) => ({ h } = ready));

let serial = 0;
async function site(timeZone = 'UTC'): Promise<string> {
  return createSite(h.deps.db, h.scope(), SiteSchema.parse({ name: `Node jobs API ${++serial}`, timeZone }), h.deps.now());
}

function exportJob(siteId: string, input: Record<string, unknown> = {}): Promise<string> {
  const parsed = RecordingsExportInputSchema.parse({ module: 'conference', siteId, formats: ['mp3', 'wav'], target: { kind: 'node-folder', folder: 'usb' }, ...input });
  return enqueueJob(h.deps.db, h.org.orgId, { kind: NODE_RECORDINGS_EXPORT_JOB, siteId, input: { ...parsed, scope: toJobScope(h.scope()) } }, h.deps.now());
}

async function claimed(node: TestClient): Promise<{ id: string; progressDone: number }> {
  const res = await node.json('POST', '/api/v1/node/jobs/claim');
  expect(res.status).toBe(200);
  return (await res.json()) as { id: string; progressDone: number };
}

describe('claim, progress and finish over HTTP', () => {
  it('answers 204 with nothing to do, then the queued job', async () => {
    const s = await site();
    const node = await nodeClient(h, { siteId: s });
    expect((await node.json('POST', '/api/v1/node/jobs/claim')).status).toBe(204);
    const id = await exportJob(s);
    expect((await claimed(node)).id).toBe(id);
  });

  it('reports progress, then the stop a user asked for, then finishes', async () => {
    const s = await site();
    const node = await nodeClient(h, { siteId: s });
    const id = await exportJob(s);
    await claimed(node);
    const first = await node.json('PUT', `/api/v1/node/jobs/${id}/progress`, { done: 1, total: 4, result: { after: 'x' } });
    expect(await first.json()).toEqual({ stop: false });
    await h.deps.db.update(jobs).set({ stopRequested: true }).where(eq(jobs.id, id));
    expect(await (await node.json('PUT', `/api/v1/node/jobs/${id}/progress`, { done: 2, total: 4 })).json()).toEqual({ stop: true });
    expect((await node.json('POST', `/api/v1/node/jobs/${id}/finish`, { status: 'stopped', result: { exported: 2 } })).status).toBe(204);
    const [row] = await h.deps.db.select().from(jobs).where(eq(jobs.id, id));
    expect(row).toMatchObject({ status: 'stopped', progressDone: 2, result: { exported: 2 } });
  });

  it('refuses a progress report without a valid count, naming the field', async () => {
    const s = await site();
    const node = await nodeClient(h, { siteId: s });
    const id = await exportJob(s);
    await claimed(node);
    const res = await node.json('PUT', `/api/v1/node/jobs/${id}/progress`, { done: -1, total: 4 });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('"field":"done"');
  });

  it("answers 404 for another site's job", async () => {
    const mine = await site();
    const theirs = await site();
    const other = await nodeClient(h, { siteId: theirs });
    const id = await exportJob(theirs);
    await claimed(other);
    const node = await nodeClient(h, { siteId: mine });
    expect((await node.json('PUT', `/api/v1/node/jobs/${id}/progress`, { done: 0, total: 0 })).status).toBe(404);
    expect((await node.get(`/api/v1/node/jobs/${id}/items`)).status).toBe(404);
    expect((await node.json('POST', `/api/v1/node/jobs/${id}/finish`, { status: 'done' })).status).toBe(404);
  });

  it('answers 404 to a node whose lease ran out and was claimed by another', async () => {
    const s = await site();
    const first = await nodeClient(h, { siteId: s });
    const second = await nodeClient(h, { siteId: s });
    const id = await exportJob(s);
    await claimed(first);
    h.clock.offsetMs = NODE_JOB_LEASE_MS + 1_000;
    try {
      expect((await claimed(second)).id).toBe(id);
      expect((await first.json('PUT', `/api/v1/node/jobs/${id}/progress`, { done: 1, total: 1 })).status).toBe(404);
      expect((await second.json('PUT', `/api/v1/node/jobs/${id}/progress`, { done: 1, total: 1 })).status).toBe(200);
    } finally {
      h.clock.offsetMs = 0;
    }
  });

  it('is closed to integration tokens', async () => {
    const integration = await integrationClient(h);
    expect((await integration.json('POST', '/api/v1/node/jobs/claim')).status).toBe(403);
  });
});

describe('the files of a recordings export', () => {
  it('pages the files with their paths under the folder, a cursor and the total', async () => {
    const s = await site();
    const node = await nodeClient(h, { siteId: s });
    const a = await insertRecorded(h, { siteId: s, startedAt: new Date('2026-10-31T23:30:00Z'), number: '301' });
    const b = await insertRecorded(h, { siteId: s, startedAt: new Date('2026-11-02T10:00:00Z'), number: '302' });
    const id = await exportJob(s);
    await claimed(node);
    const first = (await (await node.get(`/api/v1/node/jobs/${id}/items?limit=1`)).json()) as { items: { recordingId: string; path: string; size: number; format: string }[]; next: string | null; total: number };
    expect(first.total).toBe(2);
    expect(first.items).toEqual([
      expect.objectContaining({ recordingId: a.id, format: 'mp3', size: a.bytes.mp3.byteLength, path: `usb/conference/2026-10/2026-10-31_2330_room-301_${a.id.slice(0, 8)}.mp3` }),
      expect.objectContaining({ recordingId: a.id, format: 'wav', size: a.bytes.wav.byteLength }),
    ]);
    const second = (await (await node.get(`/api/v1/node/jobs/${id}/items?limit=1&after=${first.next}`)).json()) as typeof first;
    expect(second.items.map((i) => i.recordingId)).toEqual([b.id, b.id]);
    const end = (await (await node.get(`/api/v1/node/jobs/${id}/items?limit=1&after=${second.next}`)).json()) as typeof first;
    expect(end).toEqual({ items: [], next: null, total: 2 });
  });

  it('refuses a cursor it did not give, naming `after`', async () => {
    const s = await site();
    const node = await nodeClient(h, { siteId: s });
    const id = await exportJob(s);
    await claimed(node);
    const res = await node.get(`/api/v1/node/jobs/${id}/items?after=bm90LWEtY3Vyc29y`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('"field":"after"');
  });

  it("streams a file's bytes, and 404s a recording outside the export's period or format", async () => {
    const s = await site();
    const node = await nodeClient(h, { siteId: s });
    const inside = await insertRecorded(h, { siteId: s, startedAt: new Date('2027-03-10T12:00:00Z') });
    const outside = await insertRecorded(h, { siteId: s, startedAt: new Date('2027-05-10T12:00:00Z') });
    const id = await exportJob(s, { from: '2027-03-01T00:00:00Z', to: '2027-04-01T00:00:00Z' });
    await claimed(node);
    const res = await node.get(`/api/v1/node/jobs/${id}/items/${inside.id}/mp3?at=${inside.startedAt.toISOString()}`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(inside.bytes.mp3))).toBe(true);
    expect((await node.get(`/api/v1/node/jobs/${id}/items/${outside.id}/mp3?at=${outside.startedAt.toISOString()}`)).status).toBe(404);
    expect((await node.get(`/api/v1/node/jobs/${id}/items/${inside.id}/gsm?at=${inside.startedAt.toISOString()}`)).status).toBe(404);
    expect((await node.get(`/api/v1/node/jobs/${id}/items/${inside.id}/mp3`)).status).toBe(400);
  });

  it('never reaches a recording of another site, even with the right time', async () => {
    const s = await site();
    const other = await site();
    const node = await nodeClient(h, { siteId: s });
    const foreign = await insertRecorded(h, { siteId: other, startedAt: new Date('2027-07-10T12:00:00Z') });
    const id = await exportJob(s);
    await claimed(node);
    expect((await node.get(`/api/v1/node/jobs/${id}/items/${foreign.id}/mp3?at=${foreign.startedAt.toISOString()}`)).status).toBe(404);
  });
});
