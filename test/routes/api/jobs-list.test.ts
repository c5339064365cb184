import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { enqueueJob } from '../../../functions/services/jobs/job-queue.js';
import { jobs } from '../../../schema/index.js';
import { type Harness, useHarness } from '../../helpers/harness.js';
import type { TestClient } from '../../helpers/test-client.js';
import { expectError, jsonOf, matrixWithout, refusedFields, userWithMatrix } from './api-helpers.js';

let h: Harness;
let admin: TestClient;
const ids = { sync: '', mail: '', failed: '', foreign: '' };

useHarness((ready) => ({ h, admin } = ready));
beforeAll(async () => {
  const now = h.deps.now();
  ids.sync = await enqueueJob(h.deps.db, h.org.orgId, { kind: 'pbx-sync', siteId: h.org.siteId, input: {} }, now);
  ids.mail = await enqueueJob(h.deps.db, h.org.orgId, { kind: 'email-send', input: {} }, now);
  ids.failed = await enqueueJob(h.deps.db, h.org.orgId, { kind: 'webhook-delivery', input: {} }, now);
  await h.deps.db.update(jobs).set({ status: 'failed', error: 'connection refused by crm.example', attempts: 8 }).where(eq(jobs.id, ids.failed));
  const other = await h.addOrganization('Other', 'other-admin@example.test');
  ids.foreign = await enqueueJob(h.deps.db, other.orgId, { kind: 'email-send', input: {} }, now);
});

type JobPage = { items: { id: string; kind: string; status: string; error: string | null; attempts: number; siteName: string | null }[]; total: number };

describe('GET /api/v1/jobs', () => {
  it('lists the organization\'s jobs only, newest first', async () => {
    const page = await jsonOf<JobPage>(await admin.get('/api/v1/jobs'));
    expect(page.items.map((j) => j.id).sort()).toEqual([ids.sync, ids.mail, ids.failed].sort());
    expect(page.items.find((j) => j.id === ids.sync)?.siteName).toBe('Head office');
  });

  it('filters by kind and status, and searches the last error', async () => {
    expect((await jsonOf<JobPage>(await admin.get('/api/v1/jobs?kind=email-send'))).items.map((j) => j.id)).toEqual([ids.mail]);
    const failed = await jsonOf<JobPage>(await admin.get('/api/v1/jobs?status=failed'));
    expect(failed.items).toMatchObject([{ id: ids.failed, error: 'connection refused by crm.example', attempts: 8 }]);
    expect((await jsonOf<JobPage>(await admin.get('/api/v1/jobs?q=refused'))).items.map((j) => j.id)).toEqual([ids.failed]);
  });

  it('refuses an unknown kind or status naming the field', async () => {
    expect(await refusedFields(await admin.get('/api/v1/jobs?kind=coffee'))).toEqual(['kind']);
    expect(await refusedFields(await admin.get('/api/v1/jobs?status=later'))).toEqual(['status']);
  });

  it('exports the filtered list as CSV', async () => {
    const res = await admin.get('/api/v1/jobs?status=failed&format=csv');
    expect(res.status).toBe(200);
    const csv = await res.text();
    expect(csv).toContain('connection refused by crm.example');
    expect(csv).not.toContain('E-mail');
  });

  it('needs system.configure', async () => {
    const { client } = await userWithMatrix(h, matrixWithout('system', 'configure'));
    await expectError(await client.get('/api/v1/jobs'), 403, 'FORBIDDEN');
  });
});

describe('the jobs page', () => {
  it('shows the filtered table and stops the selected jobs that are still waiting', async () => {
    const page = await admin.get('/jobs?status=queued');
    const html = await page.text();
    expect(page.status, html).toBe(200);
    expect(html).toContain('PBX synchronization');
    expect(html).not.toContain('connection refused');
    // Paging and sorting links keep the filter.
    expect(html).toMatch(/href="\/jobs\?status=queued&amp;q=&amp;sort=kind|href="\/jobs\?status=queued[^"]*sort=/);
    const stop = await admin.form('/jobs/stop', { ids: [ids.mail, ids.failed] });
    expect(stop.status).toBe(303);
    const rows = await h.deps.db.select({ id: jobs.id, status: jobs.status }).from(jobs);
    expect(rows.find((r) => r.id === ids.mail)?.status).toBe('stopped');
    expect(rows.find((r) => r.id === ids.failed)?.status).toBe('failed');
    expect(rows.find((r) => r.id === ids.sync)?.status).toBe('queued');
  });

  it('answers 404 for another organization\'s job instead of stopping it', async () => {
    const res = await admin.form('/jobs/stop', { ids: [ids.foreign] });
    expect(res.status).toBe(404);
    const [row] = await h.deps.db.select().from(jobs).where(eq(jobs.id, ids.foreign));
    expect(row?.status).toBe('queued');
  });
});
