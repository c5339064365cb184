import { RecordingsExportInputSchema } from '../../../functions/services/recording-maintenance/maintenance-jobs.js';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { NODE_JOB_LEASE_MS } from '../../../functions/services/jobs/node-jobs-contract.js';
import { NODE_RECORDINGS_EXPORT_JOB } from '../../../functions/services/recording-maintenance/maintenance-jobs.js';
import { createJobsClient, type JobsClient } from '../../../media-node/central/jobs-client.js';
import { JobPoller } from '../../../media-node/jobs/job-poller.js';
import { recordingsExportJob } from '../../../media-node/jobs/recordings-export.js';
import { silentLogger } from '../../../media-node/log.js';
import { jobs } from '../../../schema/index.js';
import { insertRecorded, type Recorded } from '../../services/recording-maintenance/recordings-fixture.js';
import { startCentral, type Central } from '../spool/central-fixture.js';
import { exportRoot, filesUnder, finished, queueExport } from './jobs-fixture.js';

let central: Central;
let recs: Recorded[];
beforeAll(async () => {
  central = await startCentral();
  // Three recorded conferences of the node's site (America/Sao_Paulo): October and November on its clock.
  recs = [
    await insertRecorded(central.h, { startedAt: new Date('2026-10-31T12:00:00Z'), number: '301' }),
    await insertRecorded(central.h, { startedAt: new Date('2026-11-26T13:00:00Z'), number: '302' }),
    await insertRecorded(central.h, { startedAt: new Date('2026-11-27T09:15:00Z'), number: '303' }),
  ];
});
afterAll(() => central.close());

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  central.h.clock.offsetMs = 0;
  for (const c of cleanups.splice(0)) await c();
});

/** The node's jobs client, counting downloads and letting a test act before one goes out. */
function countingClient(before?: (n: number) => void | Promise<void>): JobsClient & { downloads: number } {
  const real = createJobsClient(central.client({ retries: 1 }));
  const counted = {
    ...real, downloads: 0,
    async download(...args: Parameters<JobsClient['download']>) {
      counted.downloads++;
      await before?.(counted.downloads);
      return real.download(...args);
    },
  };
  return counted;
}

function poller(jobsClient: JobsClient, root: string, pageSize = 50): JobPoller {
  const p = new JobPoller({ jobs: jobsClient, handlers: { [NODE_RECORDINGS_EXPORT_JOB]: recordingsExportJob({ root, pageSize }) }, log: silentLogger, intervalMs: 50 });
  cleanups.push(() => p.stop());
  return p;
}

const expectedFiles = (folder: string) =>
  recs.flatMap((r, i) => {
    const month = i === 0 ? '2026-10' : '2026-11';
    const local = ['2026-10-31_0900', '2026-11-26_1000', '2026-11-27_0615'][i]!;
    return (['mp3', 'wav'] as const).map((f) => ({ path: `${folder}/conference/${month}/${local}_room-${r.number}_${r.id.slice(0, 8)}.${f}`, bytes: r.bytes[f] }));
  });

describe('the node writes a recordings export to its export folder', () => {
  it('writes every file byte for byte under the root and reports recordings, files and bytes', async () => {
    const disk = await exportRoot();
    cleanups.push(disk.remove);
    const id = await queueExport(central, { folder: 'backup 2026/ramal' });
    poller(countingClient(), disk.root).start();
    const job = await finished(central, id);
    expect(job.status).toBe('done');
    const want = expectedFiles('backup 2026/ramal');
    expect(await filesUnder(disk.root)).toEqual(want.map((w) => w.path).sort());
    for (const w of want) expect(Buffer.from(await readFile(join(disk.root, w.path))).equals(Buffer.from(w.bytes))).toBe(true);
    const bytes = want.reduce((n, w) => n + w.bytes.byteLength, 0);
    expect(job.result).toMatchObject({ exported: 3, files: 6, bytes, skipped: 0 });
    expect(job).toMatchObject({ progressDone: 3, progressTotal: 3 });
  });

  it('stops mid-way when a user presses stop, keeping what it wrote and no partial file', async () => {
    const disk = await exportRoot();
    cleanups.push(disk.remove);
    const id = await queueExport(central);
    const client = countingClient(async (n) => {
      if (n === 3) await central.h.deps.db.update(jobs).set({ stopRequested: true }).where(eq(jobs.id, id));
    });
    const p = new JobPoller({ jobs: client, handlers: { [NODE_RECORDINGS_EXPORT_JOB]: recordingsExportJob({ root: disk.root, pageSize: 1 }) }, log: silentLogger, intervalMs: 50, throttleMs: 0 });
    cleanups.push(() => p.stop());
    p.start();
    const job = await finished(central, id);
    expect(job.status).toBe('stopped');
    const written = await filesUnder(disk.root);
    expect(written.length).toBeLessThan(6);
    expect(written.some((f) => f.endsWith('.part'))).toBe(false);
    expect(job.result).toMatchObject({ files: written.length });
  });

  it('resumes after a crash without rewriting the files already written', async () => {
    const disk = await exportRoot();
    cleanups.push(disk.remove);
    const id = await queueExport(central);
    // The first node dies as it starts the fourth file (the second recording's WAV).
    let first: JobPoller | undefined;
    const crashing = countingClient((n) => {
      if (n === 4) {
        void first!.stop();
        throw new Error('power cut');
      }
    });
    first = new JobPoller({ jobs: crashing, handlers: { [NODE_RECORDINGS_EXPORT_JOB]: recordingsExportJob({ root: disk.root, pageSize: 2 }) }, log: silentLogger, intervalMs: 50 });
    first.start();
    const { until } = await import('../spool/central-fixture.js');
    await until(() => crashing.downloads >= 4, 10_000, 'the crash');
    await first.stop();
    const before = await filesUnder(disk.root);
    expect(before).toHaveLength(3);
    const mtimes = await Promise.all(before.map(async (f) => (await stat(join(disk.root, f))).mtimeMs));

    // Restarted (same site token) once the lease has run out.
    central.h.clock.offsetMs = NODE_JOB_LEASE_MS + 1_000;
    const again = countingClient();
    poller(again, disk.root, 2).start();
    const job = await finished(central, id);
    expect(job.status).toBe('done');
    expect(again.downloads).toBe(3);
    expect(await filesUnder(disk.root)).toEqual(expectedFiles('ramal').map((w) => w.path).sort());
    expect(await Promise.all(before.map(async (f) => (await stat(join(disk.root, f))).mtimeMs))).toEqual(mtimes);
    expect(job.result).toMatchObject({ exported: 3, files: 6, skipped: 3 });
  });

  it('refuses a folder with .. when the export is started', () => {
    expect(RecordingsExportInputSchema.safeParse({ module: 'conference', target: { kind: 'node-folder', folder: 'ramal/../../outside' } }).success).toBe(false);
  });

  it('refuses a path that leaves the export folder and fails the job saying so, even past the start check', async () => {
    const disk = await exportRoot();
    cleanups.push(disk.remove);
    const id = await queueExport(central, { folder: 'ramal/../../outside', unchecked: true });
    const client = countingClient();
    poller(client, disk.root).start();
    const job = await finished(central, id);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/leaves the export folder/);
    expect(client.downloads).toBe(0);
    expect(await filesUnder(disk.base)).toEqual([]);
  });

  it('fails the job with a clear message when the export folder is missing (USB disk not mounted)', async () => {
    const disk = await exportRoot();
    cleanups.push(disk.remove);
    const id = await queueExport(central);
    poller(countingClient(), join(disk.base, 'not-mounted')).start();
    const job = await finished(central, id);
    expect(job.status).toBe('failed');
    expect(job.error).toContain(`${join(disk.base, 'not-mounted')} does not exist: is the USB disk plugged in and mounted?`);
  });
});
