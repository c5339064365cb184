import type { Db } from '../../db.js';
import { ApiError } from '../../errors.js';
import { enqueueJob, hasActiveJob } from '../jobs/job-queue.js';
import type { Scope } from '../scope.js';
import { getSite } from '../sites/site-service.js';
import { parseExtensionsCsv } from './csv-extensions.js';
import { loadExtensions } from './load-extensions.js';
import { cleanExtensions } from './pbx-extension.js';

/** Must match workers/jobs/pbx-sync.ts, which runs these jobs. */
export const PBX_SYNC_JOB = 'pbx-sync';

/** Largest CSV accepted; a PBX with 20 000 extensions fits in well under this. */
export const MAX_CSV_BYTES = 5 * 1024 * 1024;

/**
 * Queues a synchronization of a site's extensions (the "Synchronize" button). The settings are
 * checked first so a site that cannot sync says why at once instead of failing later.
 */
export async function startSync(db: Db, scope: Scope, siteId: string, csv: string | null, now: Date): Promise<string> {
  const site = await getSite(db, scope, siteId);
  if (csv !== null) {
    const { extensions } = cleanExtensions(parseExtensionsCsv(csv));
    if (!extensions.length) throw new ApiError('VALIDATION', 'the CSV file has no valid extension', { fields: [{ field: 'file', message: 'sync.err.csvEmpty' }] });
  } else if (site.pbxConnection.kind !== 'http') {
    throw new ApiError('BAD_REQUEST', site.pbxConnection.kind === 'csv' ? 'this site takes its extensions from a CSV upload' : 'configure the PBX connection of this site first', {
      messageKey: site.pbxConnection.kind === 'csv' ? 'sync.err.needsCsv' : 'sync.err.notConfigured',
    });
  }
  if (await hasActiveJob(db, PBX_SYNC_JOB, site.id)) {
    throw new ApiError('CONFLICT', 'a synchronization of this site is already running', { messageKey: 'sync.err.running' });
  }
  return enqueueJob(db, scope.orgId, { kind: PBX_SYNC_JOB, siteId: site.id, input: csv === null ? { trigger: 'manual' } : { trigger: 'csv', csv }, createdBy: scope.actor.id }, now);
}

export interface ConnectionCheck {
  extensions: number;
  withEmail: number;
  rejected: { row: number; reason: string }[];
}

/** "Test connection": reads the PBX now and says what a sync would see. */
export async function checkConnection(db: Db, scope: Scope, siteId: string, fetchImpl: typeof fetch): Promise<ConnectionCheck> {
  const site = await getSite(db, scope, siteId);
  const { extensions, rejected } = await loadExtensions(site.pbxConnection, null, fetchImpl);
  return { extensions: extensions.length, withEmail: extensions.filter((e) => e.email).length, rejected: rejected.slice(0, 20) };
}
