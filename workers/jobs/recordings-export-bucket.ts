import { ApiError } from '../../functions/errors.js';
import { bucketKey, exportEntryPath } from '../../functions/services/recording-maintenance/export-paths.js';
import type { BucketTargetSchema } from '../../functions/services/recording-maintenance/maintenance-jobs.js';
import type { z } from 'zod';
import { recordingsAfter, wanted, type ExportRun } from './recordings-export-run.js';
import { checkpoint, cursorJson, savedCount, savedCursor } from './recordings-job-state.js';

type BucketTarget = z.infer<typeof BucketTargetSchema>;

/**
 * The bucket target: each file under <prefix>/<module>/<YYYY-MM>/<name>.<format>. An object
 * already there with the same size is left alone, so running the export again after a stop or
 * a crash adds only what is missing; a resumed job also goes on after its saved cursor.
 */
export async function exportToBucket(run: ExportRun, target: BucketTarget): Promise<{ result: Record<string, unknown>; stopped: boolean }> {
  const { ctx, blobs } = run;
  if (!ctx.deps.openBucket) {
    throw new ApiError('NOT_CONFIGURED', 'an export to an S3 bucket needs the Node job runner (npm start or npm run worker); this runtime has no S3 client', { messageKey: 'recordings.err.needsNode' });
  }
  const endpoint = `${target.useSSL ? 'https' : 'http'}://${target.endPoint}${target.port ? `:${target.port}` : ''}`;
  const bucket = ctx.deps.openBucket({ endpoint, region: target.region, bucket: target.bucket, accessKey: target.accessKey, secretKey: target.secretKey });
  let cursor = savedCursor(ctx.job);
  let done = ctx.job.progressDone;
  const counts = { exported: savedCount(ctx.job, 'exported'), files: savedCount(ctx.job, 'files'), bytes: savedCount(ctx.job, 'bytes'), skipped: savedCount(ctx.job, 'skipped'), missing: savedCount(ctx.job, 'missing') };
  for await (const rec of recordingsAfter(run, cursor)) {
    if (await ctx.shouldStop()) return { result: counts, stopped: true };
    let wrote = false;
    for (const file of wanted(run, rec)) {
      const key = bucketKey(target.prefix, exportEntryPath(run.set.module, rec, file.format));
      const there = await bucket.head(key);
      if (there && there.size === file.size) {
        counts.skipped++;
        wrote = true;
        continue;
      }
      const body = await blobs.get(file.key);
      if (!body) {
        counts.missing++;
        ctx.deps.log.warn('recording file missing from storage, left out of the export', { jobId: ctx.job.id, key: file.key });
        continue;
      }
      await bucket.put(key, body, { size: file.size });
      counts.files++;
      counts.bytes += file.size;
      wrote = true;
    }
    if (wrote) counts.exported++;
    cursor = { startedAt: rec.startedAt, id: rec.id };
    done++;
    await checkpoint(ctx.deps, ctx.job, ctx.progress, done, Math.max(run.total, done), { ...counts, cursor: cursorJson(cursor) });
  }
  return { result: counts, stopped: false };
}
