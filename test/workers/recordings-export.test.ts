import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs } from '../../schema/index.js';
import { requestStop } from '../../functions/services/jobs/job-queue.js';
import { recordingsExportHousekeeping } from '../../functions/services/recording-maintenance/export-cleanup.js';
import { startRecordingsExport } from '../../functions/services/recording-maintenance/maintenance-start.js';
import { RecordingsExportInputSchema } from '../../functions/services/recording-maintenance/maintenance-jobs.js';
import { MinioStore } from '../../platform/storage/minio-store.js';
import { runNextJob, type JobHandler } from '../../workers/jobs/runner.js';
import { JOB_HANDLERS } from '../../workers/jobs/index.js';
import { useHarness, type Harness } from '../helpers/harness.js';
import { startLocalS3, type LocalS3 } from '../helpers/s3rver.js';
import { insertRecorded, runJobs, toHex, zipEntries, type Recorded } from '../services/recording-maintenance/recordings-fixture.js';

let h: Harness;
let s3: LocalS3;
useHarness((ready) => ({ h } = ready));
beforeAll(async () => {
  s3 = await startLocalS3();
});
afterAll(() => s3.close());

const at = (iso: string) => new Date(iso);
const jobRow = async (id: string) => (await h.deps.db.select().from(jobs).where(eq(jobs.id, id)))[0]!;
const start = (input: Record<string, unknown>) => startRecordingsExport(h.deps.db, h.scope(), RecordingsExportInputSchema.parse({ module: 'conference', ...input }), h.deps.now());

/** Runs one job with a handler that asks for a stop (as the Stop button does) after `after` recordings. */
async function runStoppingAfter(id: string, after: number) {
  const base = JOB_HANDLERS['recordings-export']!;
  const stopping: JobHandler = (ctx) =>
    base({
      ...ctx,
      progress: async (done, total) => {
        await ctx.progress(done, total);
        if (done === after) await requestStop(h.deps.db, h.scope(), id, h.deps.now());
      },
    });
  await runNextJob(h.deps, { ...JOB_HANDLERS, 'recordings-export': stopping }, { owner: 'stop-test' });
}

const namesOf = (entries: Record<string, Uint8Array>) => Object.keys(entries).sort();

describe('export to a ZIP', () => {
  it("holds exactly the period's recordings, byte for byte, under <module>/<YYYY-MM>/", async () => {
    await insertRecorded(h, { startedAt: at('2040-01-31T23:00:00Z') });
    const inside: Recorded[] = [await insertRecorded(h, { startedAt: at('2040-02-01T12:00:00Z'), number: '501' }), await insertRecorded(h, { startedAt: at('2040-03-15T12:00:00Z'), number: '502' })];
    await insertRecorded(h, { startedAt: at('2040-04-01T03:00:00Z') });
    const id = await start({ from: '2040-02-01T00:00:00Z', to: '2040-04-01T03:00:00Z', formats: ['wav', 'mp3'], target: { kind: 'zip' } });
    await runJobs(h);
    const job = await jobRow(id);
    expect(job.status).toBe('done');
    expect(job.result).toMatchObject({ exported: 2, files: 4, zipKey: `exports/${id}.zip` });
    expect(job.result?.bytes).toBe(inside.reduce((n, r) => n + r.bytes.wav.byteLength + r.bytes.mp3.byteLength, 0));
    expect(Date.parse(String(job.result?.expiresAt)) - h.deps.now().getTime()).toBeGreaterThan(6.9 * 86_400_000);
    const entries = await zipEntries(h, `exports/${id}.zip`);
    expect(namesOf(entries)).toEqual([
      `conference/2040-02/2040-02-01_0900_room-501_${inside[0]!.id.slice(0, 8)}.mp3`,
      `conference/2040-02/2040-02-01_0900_room-501_${inside[0]!.id.slice(0, 8)}.wav`,
      `conference/2040-03/2040-03-15_0900_room-502_${inside[1]!.id.slice(0, 8)}.mp3`,
      `conference/2040-03/2040-03-15_0900_room-502_${inside[1]!.id.slice(0, 8)}.wav`,
    ]);
    for (const rec of inside) {
      const prefix = `conference/${rec.startedAt.toISOString().slice(0, 7)}/`;
      const wav = Object.entries(entries).find(([name]) => name.startsWith(prefix) && name.includes(rec.id.slice(0, 8)) && name.endsWith('.wav'))!;
      expect(toHex(wav[1])).toBe(toHex(rec.bytes.wav));
    }
  });

  it('stopped mid-way still leaves a valid ZIP of the recordings done, and the job stopped', async () => {
    const recs = [];
    for (let i = 0; i < 5; i++) recs.push(await insertRecorded(h, { startedAt: at(`2041-05-0${i + 1}T15:00:00Z`) }));
    const id = await start({ from: '2041-01-01T00:00:00Z', to: '2042-01-01T00:00:00Z', formats: ['gsm'], target: { kind: 'zip' } });
    await runStoppingAfter(id, 2);
    const job = await jobRow(id);
    expect(job.status).toBe('stopped');
    expect(job.result).toMatchObject({ exported: 2, files: 2 });
    expect(job.progressTotal).toBe(5);
    const entries = await zipEntries(h, `exports/${id}.zip`);
    expect(Object.values(entries).map(toHex)).toEqual(recs.slice(0, 2).map((r) => toHex(r.bytes.gsm)));
  });

  it('housekeeping deletes an expired archive and marks the job', async () => {
    await insertRecorded(h, { startedAt: at('2042-05-01T15:00:00Z') });
    const id = await start({ from: '2042-01-01T00:00:00Z', to: '2043-01-01T00:00:00Z', target: { kind: 'zip' } });
    await runJobs(h);
    expect(await h.deps.blobs!.head(`exports/${id}.zip`)).not.toBeNull();
    h.clock.offsetMs = 8 * 86_400_000;
    try {
      await recordingsExportHousekeeping(h.deps);
    } finally {
      h.clock.offsetMs = 0;
    }
    expect(await h.deps.blobs!.head(`exports/${id}.zip`)).toBeNull();
    expect((await jobRow(id)).result).toMatchObject({ expired: true });
    expect((await jobRow(id)).result?.zipKey).toBeUndefined();
  });
});

describe('export to an S3 bucket', () => {
  const target = (prefix: string) => ({ kind: 'bucket', endPoint: '127.0.0.1', port: s3.port, useSSL: false, bucket: 'ramal-exports', prefix, accessKey: s3.accessKey, secretKey: s3.secretKey });
  const bucket = () => new MinioStore({ endpoint: s3.endpoint, region: 'us-east-1', bucket: 'ramal-exports', accessKey: s3.accessKey, secretKey: s3.secretKey });

  it('writes each file under the prefix, and scrubs the secret key from the job when it ends', async () => {
    const rec = await insertRecorded(h, { startedAt: at('2043-02-10T13:30:00Z'), number: '77' });
    const id = await start({ from: '2043-01-01T00:00:00Z', to: '2044-01-01T00:00:00Z', formats: ['mp3', 'wav'], target: target('backup/ramal') });
    expect((await jobRow(id)).input.target).toHaveProperty('secretKey', s3.secretKey);
    await runJobs(h);
    const job = await jobRow(id);
    expect(job.status, job.error ?? '').toBe('done');
    expect(job.result).toMatchObject({ exported: 1, files: 2, skipped: 0 });
    const key = `backup/ramal/conference/2043-02/2043-02-10_1030_room-77_${rec.id.slice(0, 8)}.mp3`;
    expect(toHex(new Uint8Array(await new Response(await bucket().get(key)).arrayBuffer()))).toBe(toHex(rec.bytes.mp3));
    expect((job.input.target as Record<string, unknown>).secretKey).toBeUndefined();
    expect((job.input.target as Record<string, unknown>).accessKey).toBe(s3.accessKey);
  });

  it('run again after a stop, adds only what is missing', async () => {
    for (let i = 0; i < 4; i++) await insertRecorded(h, { startedAt: at(`2044-07-0${i + 1}T10:00:00Z`) });
    const input = { from: '2044-01-01T00:00:00Z', to: '2045-01-01T00:00:00Z', formats: ['gsm'], target: target('rerun') };
    const first = await start(input);
    await runStoppingAfter(first, 1);
    // The stop is asked for during the first recording's progress; the handler sees it before the second.
    expect((await jobRow(first)).status).toBe('stopped');
    expect((await jobRow(first)).result).toMatchObject({ files: 1 });
    expect((await jobRow(first)).input.target).not.toHaveProperty('secretKey');
    const second = await start(input);
    await runJobs(h);
    const job = await jobRow(second);
    expect(job.status, job.error ?? '').toBe('done');
    expect(job.result).toMatchObject({ exported: 4, files: 3, skipped: 1 });
  });

  it('fails with a clear message where the runtime has no S3 client, and still scrubs the secret', async () => {
    await insertRecorded(h, { startedAt: at('2045-07-01T10:00:00Z') });
    const id = await start({ from: '2045-01-01T00:00:00Z', to: '2046-01-01T00:00:00Z', target: target('none') });
    await runNextJob({ ...h.deps, openBucket: null }, JOB_HANDLERS, { owner: 'workerd-like' });
    const job = await jobRow(id);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/Node job runner/);
    expect(job.input.target).not.toHaveProperty('secretKey');
  });

  it('a job stopped while still queued has its secret removed by housekeeping', async () => {
    const id = await start({ from: '2046-01-01T00:00:00Z', to: '2047-01-01T00:00:00Z', target: target('queued') });
    await requestStop(h.deps.db, h.scope(), id, h.deps.now());
    await recordingsExportHousekeeping(h.deps);
    expect((await jobRow(id)).input.target).not.toHaveProperty('secretKey');
  });
});
