import type { RecordingsExportInput } from '../../functions/services/recording-maintenance/maintenance-jobs.js';
import type { RecordingCursor, RecordingSet, StoredRecording } from '../../functions/services/recording-maintenance/recording-set.js';
import type { Scope } from '../../functions/services/scope.js';
import type { BlobStore } from '../../functions/services/storage/blob-store.js';
import { PAGE_SIZE, periodOf } from './recordings-job-state.js';
import type { JobContext } from './runner.js';

/** What an export's targets share: the job, its input, the set and scope it reads, the object store. */
export interface ExportRun {
  ctx: JobContext;
  input: RecordingsExportInput;
  set: RecordingSet;
  scope: Scope;
  blobs: BlobStore;
  total: number;
}

/** The recordings of the export after `cursor`, a page at a time, oldest first. */
export async function* recordingsAfter(run: Pick<ExportRun, 'ctx' | 'input' | 'set' | 'scope'>, cursor: RecordingCursor | null): AsyncGenerator<StoredRecording> {
  const period = periodOf(run.input);
  for (;;) {
    const page = await run.set.page(run.ctx.deps.db, run.scope, period, run.input.siteId, cursor, PAGE_SIZE);
    if (!page.length) return;
    yield* page;
    const last = page[page.length - 1]!;
    cursor = { startedAt: last.startedAt, id: last.id };
  }
}

/** The requested encodings a recording has. */
export const wanted = (run: Pick<ExportRun, 'input'>, rec: StoredRecording) => run.input.formats.flatMap((format) => (rec.files[format] ? [{ format, ...rec.files[format] }] : []));
