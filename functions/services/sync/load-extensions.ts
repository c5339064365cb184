import type { PbxConnection } from '../../../schema/tables/sites.js';
import { ApiError } from '../../errors.js';
import { parseExtensionsCsv } from './csv-extensions.js';
import { fetchHttpExtensions } from './http-connector.js';
import { cleanExtensions, type CleanedExtensions } from './pbx-extension.js';

/**
 * The extension list from the site's connector, or from an uploaded CSV. Also the "test connection"
 * check: it fails with a clear message when the settings cannot work.
 */
export async function loadExtensions(conn: PbxConnection, csv: string | null, fetchImpl: typeof fetch, signal?: AbortSignal): Promise<CleanedExtensions> {
  if (csv !== null) return cleanExtensions(parseExtensionsCsv(csv));
  if (conn.kind === 'http') return cleanExtensions(await fetchHttpExtensions(conn, fetchImpl, signal));
  throw new ApiError('BAD_REQUEST', conn.kind === 'csv' ? 'this site takes its extensions from a CSV upload' : 'configure the PBX connection of this site first', {
    messageKey: conn.kind === 'csv' ? 'sync.err.needsCsv' : 'sync.err.notConfigured',
  });
}
