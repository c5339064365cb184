import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { jobs, recordingSettings } from '../../../schema/index.js';
import { enqueueDueRetention } from '../../../functions/services/call-recordings/recording-retention.js';
import { RECORDINGS_DELETE_JOB } from '../../../functions/services/recording-maintenance/maintenance-jobs.js';
import type { RecordingSet, StoredRecording } from '../../../functions/services/recording-maintenance/recording-set.js';
import { RECORDING_SETS } from '../../../functions/services/recording-maintenance/recording-sets.js';
import type { Scope } from '../../../functions/services/scope.js';
import { JOB_HANDLERS } from '../../../workers/jobs/index.js';
import { runDueJobs } from '../../../workers/jobs/runner.js';
import { createHarness, type Harness } from '../../helpers/harness.js';

const DAY = 86_400_000;
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const retentionJobs = (orgId = h.org.orgId) => h.deps.db.select().from(jobs).where(and(eq(jobs.orgId, orgId), eq(jobs.kind, RECORDINGS_DELETE_JOB)));
const setRetention = (orgId: string, retentionDays: number | null) =>
  h.deps.db.insert(recordingSettings).values({ orgId, retentionDays, updatedAt: new Date() }).onConflictDoUpdate({ target: recordingSettings.orgId, set: { retentionDays } });
const finishAll = () => h.deps.db.update(jobs).set({ status: 'done', finishedAt: h.deps.now() }).where(eq(jobs.kind, RECORDINGS_DELETE_JOB));

describe('the retention rule', () => {
  afterEach(async () => {
    h.clock.offsetMs = 0;
    await h.deps.db.delete(jobs);
    await h.deps.db.delete(recordingSettings);
  });

  it('queues one delete job for the calls older than N days, with the whole organization in its scope', async () => {
    await setRetention(h.org.orgId, 30);
    const now = h.deps.now().getTime();
    expect(await enqueueDueRetention(h.deps)).toBe(1);
    const [job] = await retentionJobs();
    expect(job).toMatchObject({ status: 'queued', siteId: null, createdBy: null });
    const input = job!.input as { to: string };
    expect(input).toMatchObject({ module: 'calls', siteId: null, from: null, via: 'retention', scope: { siteIds: null, userId: null, grants: { all: true }, actor: { kind: 'system' } } });
    // The cutoff is now - 30 days (give or take the few milliseconds the call took).
    expect(Math.abs(new Date(input.to).getTime() - (now - 30 * DAY))).toBeLessThan(5_000);
  });

  it('queues nothing while the last one waits or runs, nor again the same day', async () => {
    await setRetention(h.org.orgId, 7);
    expect(await enqueueDueRetention(h.deps)).toBe(1);
    expect(await enqueueDueRetention(h.deps)).toBe(0);
    await finishAll();
    h.clock.offsetMs = 23 * 3_600_000;
    expect(await enqueueDueRetention(h.deps)).toBe(0);
    h.clock.offsetMs = DAY + 60_000;
    expect(await enqueueDueRetention(h.deps)).toBe(1);
    expect(await retentionJobs()).toHaveLength(2);
  });

  it('ignores organizations that keep recordings for ever, and is not held back by a maintenance delete', async () => {
    const other = await h.addOrganization('Keeps all', 'keeps-all@example.test');
    await setRetention(other.orgId, null);
    await setRetention(h.org.orgId, 10);
    await h.deps.db.insert(jobs).values({ id: 'manual-delete', orgId: h.org.orgId, kind: RECORDINGS_DELETE_JOB, input: { module: 'calls', via: 'maintenance' }, status: 'running', runAt: new Date(), createdAt: new Date() });
    expect(await enqueueDueRetention(h.deps)).toBe(1);
    expect(await retentionJobs(other.orgId)).toHaveLength(0);
  });

  it('runs as a delete job that removes the calls before the cutoff and says the retention rule asked', async () => {
    const calls: { scope: Scope; ids: string[]; via: string | undefined }[] = [];
    const stored = [40, 20, 5].map((daysAgo, i): StoredRecording => ({ id: `rec-${i}`, siteId: h.org.siteId, startedAt: new Date(Date.now() - daysAgo * DAY), name: `rec-${i}`, files: {} }));
    const inPeriod = (to: Date | null) => stored.filter((r) => !to || r.startedAt < to);
    // A stand-in for the calls' set so this tests only what the rule asks for.
    const spy: RecordingSet = {
      module: 'calls', exportPermission: ['vrec', 'export'], deletePermission: ['vrec', 'delete'],
      count: async (_db, _scope, period) => inPeriod(period.to).length,
      page: async (_db, _scope, period, _site, after) => inPeriod(period.to).filter((r) => !after || r.startedAt > after.startedAt),
      remove: async (_deps, scope, ids, via) => (calls.push({ scope, ids, via }), ids.length),
    };
    const original = RECORDING_SETS.calls;
    RECORDING_SETS.calls = spy;
    try {
      await setRetention(h.org.orgId, 10);
      await enqueueDueRetention(h.deps);
      await runDueJobs(h.deps, JOB_HANDLERS, { owner: 'retention-test' });
    } finally {
      if (original) RECORDING_SETS.calls = original;
      else delete RECORDING_SETS.calls;
    }
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ ids: ['rec-0', 'rec-1'], via: 'retention', scope: { orgId: h.org.orgId, siteIds: null } });
    expect((await retentionJobs())[0]).toMatchObject({ status: 'done', result: { deleted: 2 } });
  });
});
