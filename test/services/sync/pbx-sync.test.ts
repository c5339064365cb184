import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enqueueJob, getJob } from '../../../functions/services/jobs/job-queue.js';
import { updateSite } from '../../../functions/services/sites/site-service.js';
import { PBX_SYNC_JOB, startSync } from '../../../functions/services/sync/start-sync.js';
import { extensions, jobs, sites, users } from '../../../schema/index.js';
import { JOB_HANDLERS } from '../../../workers/jobs/index.js';
import { enqueueDueSyncs } from '../../../workers/jobs/pbx-sync.js';
import { claimJob, runDueJobs } from '../../../workers/jobs/runner.js';
import { createHarness, type Harness } from '../../helpers/harness.js';
import { startFakePbx, type FakePbx } from './fake-pbx.js';

let h: Harness;
let pbx: FakePbx;

const pbxList = (rows: unknown[]) => JSON.stringify({ data: { extensions: rows } });

beforeAll(async () => {
  h = await createHarness();
  pbx = await startFakePbx();
});
afterAll(async () => {
  await pbx.close();
  h.close();
});

async function useHttpConnector(syncIntervalMinutes = 0) {
  await updateSite(h.deps.db, h.scope(), h.org.siteId, {
    syncIntervalMinutes,
    pbxConnection: { kind: 'http', url: pbx.url, authHeader: 'X-Api-Key: secret-key', mapping: { list: 'data.extensions', number: 'ext', name: 'display', email: 'mail' } },
  }, new Date());
}

async function syncNow() {
  const id = await startSync(h.deps.db, h.scope(), h.org.siteId, null, h.deps.now());
  await runDueJobs(h.deps, JOB_HANDLERS, { owner: 'test' });
  return getJob(h.deps.db, h.scope(), id);
}

const siteExtensions = () => h.deps.db.select().from(extensions).where(eq(extensions.siteId, h.org.siteId));

describe('PBX synchronization over HTTP/JSON', () => {
  beforeEach(async () => {
    await useHttpConnector();
    await h.deps.db.delete(jobs);
  });

  it('creates a linked user for each extension with an e-mail and keeps the others without a user', async () => {
    pbx.answer = { status: 200, body: pbxList([
      { ext: 2001, display: 'Ana Souza', mail: 'Ana@Example.test' },
      { ext: '2002', display: 'Bruno Lima', mail: 'bruno@example.test' },
      { ext: '2003', display: 'Reception', mail: '' },
      { ext: 'abc', display: 'Broken', mail: 'broken@example.test' },
    ]) };
    const job = await syncNow();
    expect(job.status).toBe('done');
    expect(job.result).toMatchObject({ created: 3, updated: 0, withoutEmail: 1 });
    expect((job.result!.rejected as unknown[]).length).toBe(1);
    expect(pbx.requests.at(-1)?.['x-api-key']).toBe('secret-key');
    const [ana] = await h.deps.db.select().from(users).where(eq(users.email, 'ana@example.test'));
    expect(ana).toMatchObject({ fullName: 'Ana Souza', source: 'sync', passwordHash: null });
    const rows = await siteExtensions();
    expect(rows.find((r) => r.number === '2001')?.userId).toBe(ana!.id);
    expect(rows.find((r) => r.number === '2003')?.userId).toBeNull();
  });

  it('writes nothing when nothing changed, and only what changed otherwise', async () => {
    const before = await siteExtensions();
    const again = await syncNow();
    expect(again.result).toMatchObject({ created: 0, updated: 0, unchanged: 3, removed: 0 });
    expect((await siteExtensions()).map((r) => r.updatedAt.getTime()).sort()).toEqual(before.map((r) => r.updatedAt.getTime()).sort());
    pbx.answer = { status: 200, body: pbxList([
      { ext: '2001', display: 'Ana Souza Reis', mail: 'ana@example.test' },
      { ext: '2003', display: 'Reception', mail: '' },
    ]) };
    const changed = await syncNow();
    expect(changed.result).toMatchObject({ created: 0, updated: 1, unchanged: 1, removed: 1 });
    const [ana] = await h.deps.db.select().from(users).where(eq(users.email, 'ana@example.test'));
    expect(ana?.fullName).toBe('Ana Souza Reis');
    // Bruno's extension is gone from the PBX, but his user and its data stay.
    expect(await h.deps.db.select().from(users).where(eq(users.email, 'bruno@example.test'))).toHaveLength(1);
    expect((await siteExtensions()).map((r) => r.number).sort()).toEqual(['2001', '2003']);
  });

  it('links an existing user with the same e-mail instead of creating a second one', async () => {
    const id = await h.addUser({ email: 'carla@example.test', fullName: 'Carla (typed by hand)' });
    pbx.answer = { status: 200, body: pbxList([{ ext: '2010', display: 'Carla PBX', mail: 'carla@example.test' }]) };
    await syncNow();
    const carla = await h.deps.db.select().from(users).where(eq(users.email, 'carla@example.test'));
    expect(carla).toHaveLength(1);
    expect(carla[0]?.fullName).toBe('Carla (typed by hand)');
    expect((await siteExtensions()).find((r) => r.number === '2010')?.userId).toBe(id);
  });

  it('reports e-mails owned by another organization instead of taking them over', async () => {
    await h.addOrganization('Other', 'other-admin@example.test');
    pbx.answer = { status: 200, body: pbxList([{ ext: '2020', display: 'Intruder', mail: 'other-admin@example.test' }]) };
    const job = await syncNow();
    expect(job.result?.conflicts).toEqual(['other-admin@example.test']);
    expect((await siteExtensions()).find((r) => r.number === '2020')?.userId).toBeNull();
  });

  it.each([
    ['an unreachable PBX', () => updateSite(h.deps.db, h.scope(), h.org.siteId, { pbxConnection: { kind: 'http', url: 'http://127.0.0.1:9/x', mapping: { list: '', number: 'n', name: 'n', email: 'e' } } }, new Date()), /Could not reach the PBX/],
    ['an HTTP error', async () => { pbx.answer = { status: 500, body: '{}' }; }, /HTTP 500/],
    ['an answer that is not JSON', async () => { pbx.answer = { status: 200, body: '<html>' }; }, /not JSON/],
    ['a wrong list path', async () => { pbx.answer = { status: 200, body: JSON.stringify({ other: [] }) }; }, /No list at "data.extensions"/],
  ])('fails with a clear message on %s and changes nothing', async (_name, arrange, message) => {
    const before = await siteExtensions();
    await arrange();
    const job = await syncNow();
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(message);
    expect(job.result?.errorKey).toMatch(/^sync\.err\./);
    expect(await siteExtensions()).toEqual(before);
  });

  it('stops between chunks when asked; what was written stays', async () => {
    pbx.answer = { status: 200, body: pbxList(Array.from({ length: 450 }, (_, i) => ({ ext: String(3000 + i), display: `Person ${i}`, mail: `p${i}@stop.test` }))) };
    const id = await startSync(h.deps.db, h.scope(), h.org.siteId, null, h.deps.now());
    let reports = 0;
    const stopAfterFirstChunk = {
      [PBX_SYNC_JOB]: async (ctx: Parameters<(typeof JOB_HANDLERS)[string]>[0]) =>
        JOB_HANDLERS[PBX_SYNC_JOB]!({
          ...ctx,
          progress: async (done, total) => {
            await ctx.progress(done, total);
            if (++reports === 2) await h.deps.db.update(jobs).set({ stopRequested: true }).where(eq(jobs.id, id));
          },
        }),
    };
    await runDueJobs(h.deps, stopAfterFirstChunk, { owner: 'test' });
    const job = await getJob(h.deps.db, h.scope(), id);
    expect(job.status).toBe('stopped');
    expect(job.progressDone).toBe(100);
    expect(job.progressTotal).toBe(450);
    const stopped = (await siteExtensions()).filter((r) => r.number >= '3000' && r.number < '4000');
    expect(stopped).toHaveLength(100);
  });
});

describe('CSV upload', () => {
  it('synchronizes from a semicolon CSV with Portuguese headers through the API', async () => {
    const admin = await h.admin();
    await h.deps.db.delete(jobs);
    const body = new FormData();
    body.append('file', new File(['\uFEFFramal;nome;e-mail\r\n4001;Dora Dias;dora@example.test\r\n4002;Sem Email;\r\n'], 'ramais.csv', { type: 'text/csv' }));
    const res = await admin.request(`/api/v1/sites/${h.org.siteId}/sync`, { method: 'POST', body, headers: { 'x-csrf-token': admin.cookies.get('ramal_csrf') ?? '' } });
    expect(res.status).toBe(201);
    const { id } = await res.json();
    await runDueJobs(h.deps, JOB_HANDLERS, { owner: 'test' });
    const job = await (await admin.get(`/api/v1/jobs/${id}`)).json();
    expect(job).toMatchObject({ status: 'done', progress: { done: 2, total: 2 }, result: { withoutEmail: 1 } });
    expect(await h.deps.db.select().from(users).where(eq(users.email, 'dora@example.test'))).toHaveLength(1);
    expect(job.input).toBeUndefined();
  });

  it('refuses a CSV without a number column, naming the file field', async () => {
    const admin = await h.admin();
    const body = new FormData();
    body.append('file', new File(['name,email\nX,x@example.test\n'], 'x.csv'));
    const res = await admin.request(`/api/v1/sites/${h.org.siteId}/sync`, { method: 'POST', body, headers: { 'x-csrf-token': admin.cookies.get('ramal_csrf') ?? '' } });
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields[0].field).toBe('file');
  });
});

describe('job runner and schedule', () => {
  it('gives a due job to exactly one of two runners claiming at once', async () => {
    await h.deps.db.delete(jobs);
    await enqueueJob(h.deps.db, h.org.orgId, { kind: 'noop', input: {} }, h.deps.now());
    const [a, b] = await Promise.all([claimJob(h.deps, 'runner-a', 60_000), claimJob(h.deps, 'runner-b', 60_000)]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
  });

  it('takes over a running job whose lease expired (its runner died)', async () => {
    await h.deps.db.delete(jobs);
    const id = await enqueueJob(h.deps.db, h.org.orgId, { kind: 'noop', input: {} }, h.deps.now());
    expect((await claimJob(h.deps, 'dead-runner', 1_000))?.id).toBe(id);
    expect(await claimJob(h.deps, 'live-runner', 60_000)).toBeNull();
    h.clock.offsetMs = 5_000;
    try {
      const taken = await claimJob(h.deps, 'live-runner', 60_000);
      expect(taken).toMatchObject({ id, leaseOwner: 'live-runner', attempts: 2 });
    } finally {
      h.clock.offsetMs = 0;
    }
  });

  it('queues scheduled syncs for due HTTP sites once, not while one is pending', async () => {
    await h.deps.db.delete(jobs);
    await useHttpConnector(30);
    await h.deps.db.update(sites).set({ lastSyncAt: new Date(Date.now() - 31 * 60_000) }).where(eq(sites.id, h.org.siteId));
    expect(await enqueueDueSyncs(h.deps)).toBe(1);
    expect(await enqueueDueSyncs(h.deps)).toBe(0);
    await h.deps.db.update(jobs).set({ status: 'done' }).where(eq(jobs.kind, PBX_SYNC_JOB));
    await h.deps.db.update(sites).set({ lastSyncAt: new Date() }).where(eq(sites.id, h.org.siteId));
    expect(await enqueueDueSyncs(h.deps)).toBe(0);
  });

  it('refuses a second sync of the same site while one is queued', async () => {
    await h.deps.db.delete(jobs);
    await useHttpConnector();
    await startSync(h.deps.db, h.scope(), h.org.siteId, null, h.deps.now());
    await expect(startSync(h.deps.db, h.scope(), h.org.siteId, null, h.deps.now())).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await h.deps.db.select().from(jobs).where(and(eq(jobs.kind, PBX_SYNC_JOB), eq(jobs.status, 'queued')))).toHaveLength(1);
  });
});

describe('sync page', () => {
  it('says the site needs a connection before syncing, in the page language', async () => {
    const admin = await h.admin();
    await updateSite(h.deps.db, h.scope(), h.org.siteId, { pbxConnection: { kind: 'none' } }, new Date());
    const res = await admin.form(`/sync/${h.org.siteId}/start`, {});
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('This site has no PBX connection yet');
  });

  it('tests the connection and shows what a sync would find', async () => {
    const admin = await h.admin();
    await useHttpConnector();
    pbx.answer = { status: 200, body: pbxList([{ ext: '5001', display: 'E', mail: 'e@example.test' }, { ext: '5002', display: 'F', mail: '' }]) };
    const res = await admin.form(`/sync/${h.org.siteId}/test`, {});
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Connection OK: 2 extension(s), 1 with e-mail.');
  });
});
