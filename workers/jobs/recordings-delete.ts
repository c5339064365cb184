import { RecordingsDeleteInputSchema } from '../../functions/services/recording-maintenance/maintenance-jobs.js';
import { jobScope } from '../../functions/services/recording-maintenance/job-scope.js';
import type { RecordingCursor } from '../../functions/services/recording-maintenance/recording-set.js';
import { recordingSet } from '../../functions/services/recording-maintenance/recording-sets.js';
import { checkpoint, cursorJson, PAGE_SIZE, periodOf, savedCount, savedCursor } from './recordings-job-state.js';
import type { JobHandler } from './runner.js';

/**
 * Deletes a module's recordings of a period (manual 4.5.3), a page of 50 at a time with progress
 * after each; a stop leaves deleted what was deleted. A resumed job goes on after its cursor.
 */
export const runRecordingsDelete: JobHandler = async ({ deps, job, progress, shouldStop }) => {
  const input = RecordingsDeleteInputSchema.parse(job.input);
  const set = recordingSet(input.module);
  const scope = jobScope(job);
  const period = periodOf(input);
  let cursor: RecordingCursor | null = savedCursor(job);
  let deleted = savedCount(job, 'deleted');
  const total = deleted + (await set.count(deps.db, scope, period, input.siteId));
  await progress(deleted, total);
  for (;;) {
    if (await shouldStop()) return { result: { deleted }, stopped: true };
    const page = await set.page(deps.db, scope, period, input.siteId, cursor, PAGE_SIZE);
    if (!page.length) break;
    deleted += await set.remove(deps, scope, page.map((r) => r.id), input.via);
    const last = page[page.length - 1]!;
    cursor = { startedAt: last.startedAt, id: last.id };
    await checkpoint(deps, job, progress, deleted, Math.max(total, deleted), { deleted, cursor: cursorJson(cursor) });
  }
  return { result: { deleted } };
};
