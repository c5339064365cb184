import type { Deps } from '../../functions/deps.js';
import { ApiError } from '../../functions/errors.js';
import { scrubSecret, EXPORT_ZIP_DAYS } from '../../functions/services/recording-maintenance/export-cleanup.js';
import { exportEntryPath } from '../../functions/services/recording-maintenance/export-paths.js';
import { jobScope } from '../../functions/services/recording-maintenance/job-scope.js';
import { RecordingsExportInputSchema } from '../../functions/services/recording-maintenance/maintenance-jobs.js';
import { recordingSet } from '../../functions/services/recording-maintenance/recording-sets.js';
import type { BlobStore } from '../../functions/services/storage/blob-store.js';
import { exportToBucket } from './recordings-export-bucket.js';
import { recordingsAfter, wanted, type ExportRun } from './recordings-export-run.js';
import { periodOf } from './recordings-job-state.js';
import type { JobHandler } from './runner.js';
import { lazyZip, type ZipEntryBody } from '../../functions/services/export/zip-stream.js';

/**
 * The ZIP target: one archive in object storage, exports/<job id>.zip. A half-written archive
 * cannot be continued, so a job whose runner died starts over; a stop closes a valid archive of
 * what was done.
 */
async function exportToZip(run: ExportRun): Promise<{ result: Record<string, unknown>; stopped: boolean }> {
  const { ctx, blobs } = run;
  const counts = { exported: 0, files: 0, bytes: 0, missing: 0 };
  let stopped = false;
  let done = 0;
  async function* entries(): AsyncGenerator<ZipEntryBody> {
    for await (const rec of recordingsAfter(run, null)) {
      if (await ctx.shouldStop()) {
        stopped = true;
        return;
      }
      let wrote = false;
      for (const file of wanted(run, rec)) {
        const body = await blobs.get(file.key);
        if (!body) {
          counts.missing++;
          ctx.deps.log.warn('recording file missing from storage, left out of the export', { jobId: ctx.job.id, key: file.key });
          continue;
        }
        yield { name: exportEntryPath(run.set.module, rec, file.format), mtime: rec.startedAt, body };
        counts.files++;
        counts.bytes += file.size;
        wrote = true;
      }
      if (wrote) counts.exported++;
      await ctx.progress(++done, Math.max(run.total, done));
    }
  }
  const zipKey = `exports/${ctx.job.id}.zip`;
  await blobs.put(zipKey, lazyZip(entries()), { contentType: 'application/zip' });
  const expiresAt = new Date(ctx.deps.now().getTime() + EXPORT_ZIP_DAYS * 86_400_000).toISOString();
  return { result: { ...counts, zipKey, expiresAt }, stopped };
}

/** Exports a module's recordings of a period (manual 4.5.2) to a ZIP or to another S3 bucket. */
export const runRecordingsExport: JobHandler = async (ctx) => {
  const { deps, job } = ctx;
  try {
    const input = RecordingsExportInputSchema.parse(job.input);
    const blobs = requireBlobs(deps);
    const set = recordingSet(input.module);
    const scope = jobScope(job);
    const total = await set.count(deps.db, scope, periodOf(input), input.siteId);
    const run: ExportRun = { ctx, input, set, scope, blobs, total };
    await ctx.progress(0, total);
    if (input.target.kind === 'zip') return await exportToZip(run);
    if (input.target.kind === 'bucket') return await exportToBucket(run, input.target);
    throw new ApiError('BAD_REQUEST', 'an export to a node folder is carried out by the media node');
  } finally {
    await scrubSecret(deps.db, job);
  }
};

function requireBlobs(deps: Deps): BlobStore {
  if (!deps.blobs) throw new ApiError('NOT_CONFIGURED', 'no object storage is configured');
  return deps.blobs;
}
