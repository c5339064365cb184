import { and, asc, eq, gt, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { audioItems, callRecordings, sites } from '../../../schema/index.js';
import { utcToLocal } from '../conference/local-time.js';
import type { RecordingCursor, RecordingPeriod, RecordingSet, StoredRecording } from '../recording-maintenance/recording-set.js';
import type { Scope } from '../scope.js';
import { removeRecordings } from './recording-actions.js';
import { recordingVisibility } from './recording-visibility.js';

const FORMATS = ['wav', 'gsm', 'mp3'] as const;

function inPeriod(db: Db, scope: Scope, period: RecordingPeriod, siteId: string | null): SQL {
  return and(
    recordingVisibility(db, scope),
    period.from ? gte(callRecordings.startedAt, period.from) : undefined,
    period.to ? lt(callRecordings.startedAt, period.to) : undefined,
    siteId ? eq(callRecordings.siteId, siteId) : undefined,
  )!;
}

/** `2026-11-26_1000_REC-20261126-4K7QX`: the start on the site's clock, then the protocol (unique). */
export function callRecordingName(row: { protocol: string; startedAt: Date }, timeZone: string): string {
  const local = utcToLocal(row.startedAt, timeZone);
  return `${local.slice(0, 10)}_${local.slice(11, 13)}${local.slice(14, 16)}_${row.protocol.replace(/[^A-Za-z0-9._-]+/g, '-')}`;
}

/**
 * The recorded calls (manual 5.5), seen as the recordings table shows them to the job's starter.
 * Removing one deletes the whole record (participants, notes, audio): a call recording has no
 * history entry that would outlive its audio.
 */
export const callRecordingSet: RecordingSet = {
  module: 'calls',
  exportPermission: ['vrec', 'export'],
  deletePermission: ['vrec', 'delete'],

  async count(db, scope, period, siteId) {
    const [row] = await db.select({ n: sql<number>`count(*)` }).from(callRecordings).where(inPeriod(db, scope, period, siteId));
    return Number(row?.n ?? 0);
  },

  async page(db, scope, period, siteId, after: RecordingCursor | null, limit) {
    const afterCursor = after ? or(gt(callRecordings.startedAt, after.startedAt), and(eq(callRecordings.startedAt, after.startedAt), gt(callRecordings.id, after.id))) : undefined;
    const rows = await db
      .select({ id: callRecordings.id, siteId: callRecordings.siteId, protocol: callRecordings.protocol, startedAt: callRecordings.startedAt, timeZone: sites.timeZone, files: audioItems.files })
      .from(callRecordings)
      .innerJoin(sites, eq(sites.id, callRecordings.siteId))
      // A row whose audio item is gone still pages, with no files: a delete by period must reach it.
      .leftJoin(audioItems, and(eq(audioItems.id, callRecordings.audioId), eq(audioItems.orgId, callRecordings.orgId)))
      .where(and(inPeriod(db, scope, period, siteId), afterCursor))
      .orderBy(asc(callRecordings.startedAt), asc(callRecordings.id))
      .limit(limit);
    return rows.map((r): StoredRecording => {
      const files: StoredRecording['files'] = {};
      for (const f of FORMATS) {
        const file = r.files?.[f];
        if (file) files[f] = { key: file.key, size: file.size };
      }
      return { id: r.id, siteId: r.siteId, startedAt: r.startedAt, name: callRecordingName(r, r.timeZone), files };
    });
  },

  remove(deps, scope, ids, via = 'maintenance') {
    return removeRecordings(deps, scope, ids, via);
  },
};
