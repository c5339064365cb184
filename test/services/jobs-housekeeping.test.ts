import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueJob } from '../../functions/services/jobs/job-queue.js';
import { FINISHED_JOB_DAYS, pruneFinishedJobs } from '../../functions/services/jobs/job-housekeeping.js';
import { jobs } from '../../schema/index.js';
import { createHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('pruning finished jobs', () => {
  it('removes delivery and e-mail jobs finished more than 30 days ago, and nothing else', async () => {
    const now = new Date();
    const old = new Date(now.getTime() - (FINISHED_JOB_DAYS + 1) * 86_400_000);
    const recent = new Date(now.getTime() - (FINISHED_JOB_DAYS - 1) * 86_400_000);
    const make = async (kind: string, status: 'done' | 'failed' | 'queued', finishedAt: Date | null) => {
      const id = await enqueueJob(h.deps.db, h.org.orgId, { kind, input: {} }, old);
      await h.deps.db.update(jobs).set({ status, finishedAt }).where(eq(jobs.id, id));
      return id;
    };
    const gone = [await make('webhook-delivery', 'done', old), await make('email-send', 'failed', old)];
    const kept = [await make('webhook-delivery', 'done', recent), await make('email-send', 'queued', null), await make('pbx-sync', 'done', old)];
    expect(await pruneFinishedJobs(h.deps.db, now)).toBe(2);
    const left = (await h.deps.db.select({ id: jobs.id }).from(jobs)).map((j) => j.id);
    expect(left.sort()).toEqual(kept.sort());
    expect(left).not.toContain(gone[0]);
  });
});
