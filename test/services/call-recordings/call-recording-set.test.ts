import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { callRecordings, events, jobs } from '../../../schema/index.js';
import { callRecordingName, callRecordingSet } from '../../../functions/services/call-recordings/call-recording-set.js';
import { getJob, jobPermission } from '../../../functions/services/jobs/job-queue.js';
import { startRecordingsDelete } from '../../../functions/services/recording-maintenance/maintenance-start.js';
import { recordingSet } from '../../../functions/services/recording-maintenance/recording-sets.js';
import { SiteSchema } from '../../../functions/services/sites/site-schemas.js';
import { createSite } from '../../../functions/services/sites/site-service.js';
import type { Scope } from '../../../functions/services/scope.js';
import { type Harness, useHarness } from '../../helpers/harness.js';
import { runJobs } from '../recording-maintenance/recordings-fixture.js';
import { callsWorld, insertRecording, type FixtureRecording } from './recordings-fixture.js';

let h: Harness;
let w: Awaited<ReturnType<typeof callsWorld>>;
let branch: string;
let inPeriod: FixtureRecording[];

useHarness((ready) => ({ h } = ready));
beforeAll(async () => {
  w = await callsWorld(h);
  branch = await createSite(h.deps.db, h.scope(), SiteSchema.parse({ name: 'Branch', timeZone: 'UTC' }), h.deps.now());
  const call = (startedAt: string, siteId = h.org.siteId) => insertRecording(h, { siteId, startedAt: new Date(startedAt), participants: [{ number: '2002', internal: true, userId: w.bob.id }, { number: '5511', internal: false }] });
  // Two at the same instant: the cursor's tie-breaker is the id.
  inPeriod = [await call('2031-05-01T10:00:00Z'), await call('2031-05-02T10:00:00Z'), await call('2031-05-02T10:00:00Z'), await call('2031-05-03T10:00:00Z', branch)];
  await call('2031-06-01T00:00:00Z');
});

const period = { from: new Date('2031-05-01T00:00:00Z'), to: new Date('2031-06-01T00:00:00Z') };
const scopeOf = (userId: string, actions: ('view' | 'export' | 'delete')[]): Scope => ({
  orgId: h.org.orgId, actor: { id: userId, name: 'User', kind: 'user' }, grants: { all: false, matrix: { vrec: actions } }, siteIds: null, userId,
});

describe('the calls RecordingSet', () => {
  it("is registered as module 'calls' with v-rec's export and delete permissions", () => {
    expect(recordingSet('calls')).toBe(callRecordingSet);
    expect([callRecordingSet.exportPermission, callRecordingSet.deletePermission]).toEqual([['vrec', 'export'], ['vrec', 'delete']]);
  });

  it('counts and pages a period (to exclusive) in start order, every page after the cursor', async () => {
    expect(await callRecordingSet.count(h.deps.db, h.scope(), period, null)).toBe(4);
    const seen: string[] = [];
    let after = null;
    for (;;) {
      const page = await callRecordingSet.page(h.deps.db, h.scope(), period, null, after, 3);
      if (!page.length) break;
      seen.push(...page.map((r) => r.id));
      after = { startedAt: page.at(-1)!.startedAt, id: page.at(-1)!.id };
    }
    const sameInstant = [inPeriod[1]!.id, inPeriod[2]!.id].sort();
    expect(seen).toEqual([inPeriod[0]!.id, ...sameInstant, inPeriod[3]!.id]);
  });

  it('keeps to one site, and to what the scope may see', async () => {
    expect(await callRecordingSet.count(h.deps.db, h.scope(), period, branch)).toBe(1);
    expect(await callRecordingSet.count(h.deps.db, scopeOf(w.alice.id, ['view', 'export']), period, null)).toBe(0);
    expect(await callRecordingSet.count(h.deps.db, scopeOf(w.bob.id, ['view', 'export']), period, null)).toBe(4);
  });

  it("names files by the start on the site's clock and the protocol, with the stored files", async () => {
    const [first] = await callRecordingSet.page(h.deps.db, h.scope(), period, h.org.siteId, null, 1);
    // 10:00 UTC is 07:00 in São Paulo.
    expect(first!.name).toBe(`2031-05-01_0700_${inPeriod[0]!.protocol}`);
    expect(first!.files.wav).toEqual({ key: inPeriod[0]!.keys.wav, size: inPeriod[0]!.bytes.wav.byteLength });
    expect(callRecordingName({ protocol: 'REC-1/../x', startedAt: new Date('2031-05-03T10:00:00Z') }, 'UTC')).toBe('2031-05-03_1000_REC-1-..-x');
  });

  it('removes by id with the given via, ignoring ids the scope cannot see', async () => {
    const r = await insertRecording(h, { startedAt: new Date('2032-01-01T00:00:00Z'), participants: [{ number: '2002', internal: true, userId: w.bob.id }] });
    expect(await callRecordingSet.remove(h.deps, scopeOf(w.alice.id, ['view', 'delete']), [r.id])).toBe(0);
    expect(await callRecordingSet.remove(h.deps, h.scope(), [r.id, 'unknown'], 'retention')).toBe(1);
    const [event] = await h.deps.db.select().from(events).where(eq(events.type, 'recording.deleted'));
    expect(event?.payload).toEqual({ recordingId: r.id, protocol: r.protocol, via: 'retention' });
    expect(await h.deps.blobs!.head(r.keys.mp3)).toBeNull();
  });

  it('a delete job of module calls deletes the period through the set', async () => {
    const id = await startRecordingsDelete(h.deps.db, h.scope(), { module: 'calls', siteId: branch, from: period.from.toISOString(), to: period.to.toISOString() }, h.deps.now());
    await runJobs(h);
    const [job] = await h.deps.db.select().from(jobs).where(eq(jobs.id, id));
    expect(job).toMatchObject({ status: 'done', result: { deleted: 1 } });
    expect(await h.deps.db.$count(callRecordings, eq(callRecordings.id, inPeriod[3]!.id))).toBe(0);
  });
});

describe('job permissions by module', () => {
  it("takes the recordings jobs' module from their input, other kinds from their kind", () => {
    expect(jobPermission({ kind: 'recordings-export', input: { module: 'calls' } })).toEqual(['vrec', 'export']);
    expect(jobPermission({ kind: 'node:recordings-export', input: { module: 'calls' } })).toEqual(['vrec', 'export']);
    expect(jobPermission({ kind: 'recordings-delete', input: { module: 'conference' } })).toEqual(['vconference', 'delete']);
    expect(jobPermission({ kind: 'recordings-delete', input: { module: 'other' } })).toEqual(['system', 'configure']);
    expect(jobPermission({ kind: 'pbx-sync', input: { module: 'calls' } })).toEqual(['system', 'configure']);
  });

  it('a v-conference-only user cannot see a calls job; a v-rec exporter can', async () => {
    const id = await h.deps.db.insert(jobs).values({ id: 'calls-export-job', orgId: h.org.orgId, kind: 'recordings-export', input: { module: 'calls' }, status: 'done', runAt: new Date(), createdAt: new Date() }).then(() => 'calls-export-job');
    const conferenceOnly: Scope = { ...scopeOf(w.alice.id, []), grants: { all: false, matrix: { vconference: ['view', 'export', 'delete'] } } };
    await expect(getJob(h.deps.db, conferenceOnly, id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await getJob(h.deps.db, scopeOf(w.bob.id, ['view', 'export']), id)).id).toBe(id);
    await expect(getJob(h.deps.db, { ...h.scope(w.other.orgId) }, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
