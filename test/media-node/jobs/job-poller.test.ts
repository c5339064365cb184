import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueJob } from '../../../functions/services/jobs/job-queue.js';
import { createJobsClient, type JobsClient } from '../../../media-node/central/jobs-client.js';
import { JobPoller } from '../../../media-node/jobs/job-poller.js';
import { silentLogger } from '../../../media-node/log.js';
import { startCentral, until, type Central } from '../spool/central-fixture.js';
import { finished, jobRow } from './jobs-fixture.js';

let central: Central;
beforeAll(async () => {
  central = await startCentral();
});
afterAll(() => central.close());

const enqueue = (kind: string) => enqueueJob(central.h.deps.db, central.h.org.orgId, { kind, siteId: central.h.org.siteId, input: {} }, central.h.deps.now());

describe('the node job poller', () => {
  it('fails a job of a kind this node does not know, naming the kind', async () => {
    const id = await enqueue('node:from-the-future');
    const p = new JobPoller({ jobs: createJobsClient(central.client()), handlers: {}, log: silentLogger, intervalMs: 50 });
    p.start();
    try {
      const job = await finished(central, id);
      expect(job).toMatchObject({ status: 'failed', error: expect.stringContaining('node:from-the-future') });
    } finally {
      await p.stop();
    }
  });

  it('keeps the lease while a handler works without reporting, and runs the next job at once after a finish', async () => {
    const first = await enqueue('node:slow');
    const second = await enqueue('node:slow');
    const real = createJobsClient(central.client());
    const reports: string[] = [];
    const counting: JobsClient = { ...real, progress: (id, report) => (reports.push(id), real.progress(id, report)) };
    const p = new JobPoller({
      jobs: counting, log: silentLogger, intervalMs: 60_000, keepaliveMs: 50,
      handlers: { 'node:slow': async () => (await new Promise((r) => setTimeout(r, 400)), { status: 'done', result: { slept: true } }) },
    });
    p.start();
    try {
      // The 60 s interval never elapses: the second job is claimed right after the first finished.
      await finished(central, second, 15_000);
      expect((await jobRow(central, first)).status).toBe('done');
      expect(reports.filter((id) => id === first).length).toBeGreaterThanOrEqual(3);
    } finally {
      await p.stop();
    }
  });

  it('stops on shutdown without finishing the job, so it resumes after a restart', async () => {
    const id = await enqueue('node:hangs');
    let started = false;
    const p = new JobPoller({
      jobs: createJobsClient(central.client()), log: silentLogger, intervalMs: 50,
      handlers: {
        'node:hangs': (ctx) =>
          new Promise((_, reject) => {
            started = true;
            ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason));
          }),
      },
    });
    p.start();
    await until(() => started, 5_000, 'the job to start');
    await p.stop();
    expect((await jobRow(central, id)).status).toBe('running');
  });
});
