import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { enqueueJob } from '../../../functions/services/jobs/job-queue.js';
import { NODE_JOB_LEASE_MS } from '../../../functions/services/jobs/node-jobs-contract.js';
import { claimNodeJob, finishNodeJob, heldNodeJob, nodeJobProgress, type NodeHolder } from '../../../functions/services/jobs/node-jobs.js';
import { createSite } from '../../../functions/services/sites/site-service.js';
import { SiteSchema } from '../../../functions/services/sites/site-schemas.js';
import { jobs } from '../../../schema/index.js';
import { claimJob, runNextJob } from '../../../workers/jobs/runner.js';
import { useHarness, type Harness } from '../../helpers/harness.js';

let h: Harness;
useHarness((ready) => ({ h } = ready));

let serial = 0;
/** A fresh site per test, so jobs left by one test are not the oldest of the next. */
async function site(): Promise<string> {
  return createSite(h.deps.db, h.scope(), SiteSchema.parse({ name: `Node jobs ${++serial}`, timeZone: 'UTC' }), h.deps.now());
}
const holder = (siteId: string, owner = 'node-token:a'): NodeHolder => ({ orgId: h.org.orgId, siteId, owner });
const enqueue = (siteId: string, kind = 'node:recordings-export', at = h.deps.now()) => enqueueJob(h.deps.db, h.org.orgId, { kind, siteId, input: { n: serial } }, at);
const row = async (id: string) => (await h.deps.db.select().from(jobs).where(eq(jobs.id, id)))[0]!;

describe('claiming node jobs', () => {
  it('gives the oldest queued node job of the site, once', async () => {
    const s = await site();
    const older = await enqueue(s, 'node:recordings-export', new Date(Date.now() - 60_000));
    await enqueue(s);
    const job = await claimNodeJob(h.deps.db, holder(s), h.deps.now());
    expect(job?.id).toBe(older);
    expect((await row(older)).status).toBe('running');
    expect((await claimNodeJob(h.deps.db, holder(s), h.deps.now()))?.id).not.toBe(older);
  });

  it("never hands out another site's job nor a central job of the site", async () => {
    const mine = await site();
    const other = await site();
    await enqueue(other);
    await enqueue(mine, 'pbx-sync');
    expect(await claimNodeJob(h.deps.db, holder(mine), h.deps.now())).toBeNull();
  });

  it('takes back a running job whose lease ran out, with the progress made so far', async () => {
    const s = await site();
    const id = await enqueue(s);
    await claimNodeJob(h.deps.db, holder(s, 'node-token:old'), h.deps.now());
    await nodeJobProgress(h.deps.db, holder(s, 'node-token:old'), id, { done: 3, total: 9, result: { after: 'c3' } }, h.deps.now());
    expect(await claimNodeJob(h.deps.db, holder(s, 'node-token:new'), h.deps.now())).toBeNull();
    const later = new Date(Date.now() + NODE_JOB_LEASE_MS + 1_000);
    const job = await claimNodeJob(h.deps.db, holder(s, 'node-token:new'), later);
    expect(job).toMatchObject({ id, progressDone: 3, progressTotal: 9, result: { after: 'c3' } });
  });
});

describe('holding a node job', () => {
  it('renews the lease on progress and answers the stop flag', async () => {
    const s = await site();
    const id = await enqueue(s);
    await claimNodeJob(h.deps.db, holder(s), h.deps.now());
    const later = new Date(Date.now() + 50_000);
    expect(await nodeJobProgress(h.deps.db, holder(s), id, { done: 1, total: 2 }, later)).toEqual({ stop: false });
    expect((await row(id)).leaseUntil!.getTime()).toBe(later.getTime() + NODE_JOB_LEASE_MS);
    await h.deps.db.update(jobs).set({ stopRequested: true }).where(eq(jobs.id, id));
    expect(await nodeJobProgress(h.deps.db, holder(s), id, { done: 2, total: 2 }, later)).toEqual({ stop: true });
  });

  it('is 404 to a holder whose job another claim took over', async () => {
    const s = await site();
    const id = await enqueue(s);
    await claimNodeJob(h.deps.db, holder(s, 'node-token:old'), h.deps.now());
    await claimNodeJob(h.deps.db, holder(s, 'node-token:new'), new Date(Date.now() + NODE_JOB_LEASE_MS + 1_000));
    await expect(nodeJobProgress(h.deps.db, holder(s, 'node-token:old'), id, { done: 1, total: 1 }, h.deps.now())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(finishNodeJob(h.deps.db, holder(s, 'node-token:old'), id, { status: 'done', result: {} }, h.deps.now())).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('finishes once; the same outcome again is accepted, another one is 404', async () => {
    const s = await site();
    const id = await enqueue(s);
    await claimNodeJob(h.deps.db, holder(s), h.deps.now());
    await finishNodeJob(h.deps.db, holder(s), id, { status: 'failed', result: {}, error: 'USB disk missing' }, h.deps.now());
    expect(await row(id)).toMatchObject({ status: 'failed', error: 'USB disk missing', leaseUntil: null });
    await finishNodeJob(h.deps.db, holder(s), id, { status: 'failed', result: {}, error: 'USB disk missing' }, h.deps.now());
    await expect(finishNodeJob(h.deps.db, holder(s), id, { status: 'done', result: {} }, h.deps.now())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(heldNodeJob(h.deps.db, holder(s), id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('the central runner', () => {
  it('leaves node jobs alone, queued or with a lapsed lease', async () => {
    const s = await site();
    const queued = await enqueue(s);
    const lapsed = await enqueue(s);
    await h.deps.db.update(jobs).set({ status: 'running', leaseOwner: 'node-token:x', leaseUntil: new Date(Date.now() - 1_000) }).where(eq(jobs.id, lapsed));
    for (let i = 0; i < 50 && (await claimJob(h.deps, 'central-test', 60_000)); i++) {
      // drains every central job due in this file's database
    }
    expect(await runNextJob(h.deps, {}, { owner: 'central-test' })).toBe(false);
    expect(await row(queued)).toMatchObject({ status: 'queued', leaseOwner: null });
    expect(await row(lapsed)).toMatchObject({ status: 'running', leaseOwner: 'node-token:x' });
  });
});
