import type { Db } from '../../db.js';
import { ApiError, fieldError } from '../../errors.js';
import { can } from '../auth/permissions.js';
import { enqueueJob } from '../jobs/job-queue.js';
import type { Scope } from '../scope.js';
import { getSite } from '../sites/site-service.js';
import { toJobScope } from './job-scope.js';
import { NODE_RECORDINGS_EXPORT_JOB, RECORDINGS_DELETE_JOB, RECORDINGS_EXPORT_JOB, type RecordingsDeleteInput, type RecordingsExportInput } from './maintenance-jobs.js';
import type { RecordingSet } from './recording-set.js';
import { recordingSet } from './recording-sets.js';

function allowed(scope: Scope, [module, action]: RecordingSet['exportPermission']): void {
  if (!can(scope.grants, module, action)) throw new ApiError('FORBIDDEN', `missing permission ${module}.${action}`);
}

/** The period and site every maintenance job checks the same way before it is queued. */
async function checkPeriod(db: Db, scope: Scope, input: Pick<RecordingsDeleteInput, 'module' | 'siteId' | 'from' | 'to'>): Promise<void> {
  if (input.from && input.to && Date.parse(input.from) >= Date.parse(input.to)) throw fieldError('to', 'recordings.err.periodOrder');
  // A site outside the starter's reach answers as if it did not exist.
  if (input.siteId) await getSite(db, scope, input.siteId);
}

/**
 * Queues an export (manual 4.5.2): to a ZIP or a bucket on the central runner, or to a folder on
 * the site's media node, which claims the `node:` job itself. Returns the job id.
 */
export async function startRecordingsExport(db: Db, scope: Scope, input: RecordingsExportInput, now: Date): Promise<string> {
  const set = recordingSet(input.module);
  allowed(scope, set.exportPermission);
  if (input.target.kind === 'node-folder' && !input.siteId) throw fieldError('siteId', 'recordings.err.nodeSite');
  await checkPeriod(db, scope, input);
  const kind = input.target.kind === 'node-folder' ? NODE_RECORDINGS_EXPORT_JOB : RECORDINGS_EXPORT_JOB;
  return enqueueJob(db, scope.orgId, { kind, siteId: input.siteId, input: { ...input, scope: toJobScope(scope) }, createdBy: scope.userId }, now);
}

/** Queues a delete by period (manual 4.5.3). Returns the job id. */
export async function startRecordingsDelete(db: Db, scope: Scope, input: Omit<RecordingsDeleteInput, 'via'> & { via?: RecordingsDeleteInput['via'] }, now: Date): Promise<string> {
  const set = recordingSet(input.module);
  allowed(scope, set.deletePermission);
  await checkPeriod(db, scope, input);
  return enqueueJob(db, scope.orgId, { kind: RECORDINGS_DELETE_JOB, siteId: input.siteId, input: { ...input, via: input.via ?? 'maintenance', scope: toJobScope(scope) }, createdBy: scope.userId }, now);
}
