import { eq } from 'drizzle-orm';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { enqueueJob } from '../../../functions/services/jobs/job-queue.js';
import { toJobScope } from '../../../functions/services/recording-maintenance/job-scope.js';
import { NODE_RECORDINGS_EXPORT_JOB, RecordingsExportInputSchema } from '../../../functions/services/recording-maintenance/maintenance-jobs.js';
import { jobs } from '../../../schema/index.js';
import type { Central } from '../spool/central-fixture.js';
import { until } from '../spool/central-fixture.js';

/** A temporary folder standing for the node's export root (the USB disk), with an "outside" beside it. */
export async function exportRoot(): Promise<{ base: string; root: string; remove: () => Promise<void> }> {
  const base = await mkdtemp(join(tmpdir(), 'ramal-node-export-'));
  const root = join(base, 'usb');
  await mkdir(root);
  return { base, root, remove: () => rm(base, { recursive: true, force: true }) };
}

/** Every file under `dir`, as relative paths, sorted. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

/**
 * Queues a node-folder export of the central's first site, as the recordings page would. `unchecked`
 * stores the folder as given, past the start's validation, to prove the node's own guard.
 */
export async function queueExport(central: Central, options: { folder?: string; unchecked?: boolean } = {}): Promise<string> {
  const { h } = central;
  const folder = options.folder ?? 'ramal';
  const parsed = RecordingsExportInputSchema.parse({ module: 'conference', siteId: h.org.siteId, formats: ['mp3', 'wav'], target: { kind: 'node-folder', folder: options.unchecked ? 'ramal' : folder } });
  if (options.unchecked) parsed.target = { kind: 'node-folder', folder };
  return enqueueJob(h.deps.db, h.org.orgId, { kind: NODE_RECORDINGS_EXPORT_JOB, siteId: h.org.siteId, input: { ...parsed, scope: toJobScope(h.scope()) } }, h.deps.now());
}

export async function jobRow(central: Central, id: string) {
  const [row] = await central.h.deps.db.select().from(jobs).where(eq(jobs.id, id));
  if (!row) throw new Error(`no job ${id}`);
  return row;
}

export async function finished(central: Central, id: string, timeoutMs = 15_000) {
  await until(async () => ['done', 'failed', 'stopped'].includes((await jobRow(central, id)).status), timeoutMs, `job ${id} to finish`);
  return jobRow(central, id);
}
