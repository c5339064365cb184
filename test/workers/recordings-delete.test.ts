import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { audioItems, conferenceSessions, events, jobs } from '../../schema/index.js';
import { requestStop } from '../../functions/services/jobs/job-queue.js';
import { startRecordingsDelete } from '../../functions/services/recording-maintenance/maintenance-start.js';
import { claimJob, runNextJob, type JobHandler } from '../../workers/jobs/runner.js';
import { runRecordingsDelete } from '../../workers/jobs/recordings-delete.js';
import { JOB_HANDLERS } from '../../workers/jobs/index.js';
import { useHarness, type Harness } from '../helpers/harness.js';
import { insertRecorded, runJobs } from '../services/recording-maintenance/recordings-fixture.js';

let h: Harness;
useHarness((ready) => ({ h } = ready));

const at = (iso: string) => new Date(iso);
const jobRow = async (id: string) => (await h.deps.db.select().from(jobs).where(eq(jobs.id, id)))[0]!;
const start = (from: string | null, to: string | null) => startRecordingsDelete(h.deps.db, h.scope(), { module: 'conference', siteId: null, from, to }, h.deps.now());
const recorded = async (ids: string[]) =>
  (await h.deps.db.select({ id: conferenceSessions.id, audio: conferenceSessions.recordingAudioId }).from(conferenceSessions).where(inArray(conferenceSessions.id, ids))).filter((r) => r.audio).map((r) => r.id).sort();

describe('delete recordings by period', () => {
  it('deletes the period only, in pages of 50 with progress, keeping the history entries', async () => {
    const before = await insertRecorded(h, { startedAt: at('2050-12-31T23:59:00Z') });
    const inside = [];
    for (let i = 0; i < 55; i++) inside.push(await insertRecorded(h, { startedAt: new Date(Date.parse('2051-01-01T00:00:00Z') + i * 3_600_000) }));
    const after = await insertRecorded(h, { startedAt: at('2051-02-01T00:00:00Z') });
    const eventsBefore = (await h.deps.db.select().from(events)).length;
    const id = await start('2051-01-01T00:00:00Z', '2051-02-01T00:00:00Z');
    await runJobs(h);
    const job = await jobRow(id);
    expect(job.status).toBe('done');
    expect(job.result).toMatchObject({ deleted: 55 });
    expect([job.progressDone, job.progressTotal]).toEqual([55, 55]);
    expect(await recorded([before.id, after.id, ...inside.map((r) => r.id)])).toEqual([before.id, after.id].sort());
    expect(await h.deps.db.select().from(conferenceSessions).where(inArray(conferenceSessions.id, inside.map((r) => r.id)))).toHaveLength(55);
    expect(await h.deps.db.select().from(audioItems).where(inArray(audioItems.id, inside.map((r) => r.audioId)))).toHaveLength(0);
    expect((await h.deps.db.select().from(events)).length).toBe(eventsBefore);
  });

  it('stopped after a page, keeps what comes after the stop and deleted what came before', async () => {
    const recs = [];
    for (let i = 0; i < 120; i++) recs.push(await insertRecorded(h, { startedAt: new Date(Date.parse('2052-03-01T00:00:00Z') + i * 60_000) }));
    const id = await start('2052-01-01T00:00:00Z', null);
    const stopping: JobHandler = (ctx) =>
      JOB_HANDLERS['recordings-delete']!({
        ...ctx,
        progress: async (done, total) => {
          await ctx.progress(done, total);
          if (done === 50) await requestStop(h.deps.db, h.scope(), id, h.deps.now());
        },
      });
    await runNextJob(h.deps, { ...JOB_HANDLERS, 'recordings-delete': stopping }, { owner: 'stop-test' });
    const job = await jobRow(id);
    expect(job.status).toBe('stopped');
    expect(job.result).toMatchObject({ deleted: 50 });
    expect(await recorded(recs.map((r) => r.id))).toEqual(recs.slice(50).map((r) => r.id).sort());
  });

  it('a job whose runner died goes on after its saved cursor', async () => {
    const recs = [];
    for (let i = 0; i < 60; i++) recs.push(await insertRecorded(h, { startedAt: new Date(Date.parse('2053-03-01T00:00:00Z') + i * 60_000) }));
    const id = await start('2053-01-01T00:00:00Z', '2054-01-01T00:00:00Z');
    // The first runner takes the job, deletes one page and dies (no failure recorded, lease left to run out).
    const claimed = (await claimJob(h.deps, 'dying', 60_000))!;
    let checks = 0;
    await expect(
      runRecordingsDelete({
        deps: h.deps, job: claimed,
        progress: async (done, total) => void (await h.deps.db.update(jobs).set({ progressDone: done, progressTotal: total }).where(eq(jobs.id, id))),
        shouldStop: async () => {
          if (++checks > 1) throw new Error('the runner died');
          return false;
        },
      }),
    ).rejects.toThrow('the runner died');
    // Its lease runs out; another runner takes the job over.
    expect((await jobRow(id)).result).toMatchObject({ deleted: 50 });
    await h.deps.db.update(jobs).set({ leaseUntil: new Date(0) }).where(eq(jobs.id, id));
    await runJobs(h, 'second-runner');
    const job = await jobRow(id);
    expect(job.status).toBe('done');
    expect(job.result).toMatchObject({ deleted: 60 });
    expect([job.progressDone, job.progressTotal]).toEqual([60, 60]);
    expect(await recorded(recs.map((r) => r.id))).toEqual([]);
  });
});
