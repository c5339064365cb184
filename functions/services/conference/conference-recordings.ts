import { and, asc, eq, gt, gte, inArray, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { BatchItem, Db } from '../../db.js';
import { audioItems, conferenceSessions, sites } from '../../../schema/index.js';
import type { RecordingCursor, RecordingPeriod, RecordingSet, StoredRecording } from '../recording-maintenance/recording-set.js';
import type { Scope } from '../scope.js';
import { deleteBlobs } from '../voicemail/voicemail-audio.js';
import { historyCondition } from './history-list.js';
import { utcToLocal } from './local-time.js';

const FORMATS = ['wav', 'gsm', 'mp3'] as const;
const chunk = <T>(items: T[], size = 50): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));
const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '-');

/** History entries with a stored recording, seen as the history list shows them (manual 4.4). */
function recordedIn(db: Db, scope: Scope, period: RecordingPeriod, siteId: string | null): SQL {
  return and(
    historyCondition(db, scope),
    isNotNull(conferenceSessions.recordingAudioId),
    period.from ? gte(conferenceSessions.startedAt, period.from) : undefined,
    period.to ? lt(conferenceSessions.startedAt, period.to) : undefined,
    siteId ? eq(conferenceSessions.siteId, siteId) : undefined,
  )!;
}

/** `2026-11-26_1000_room-301_a1b2c3d4`: the start on the site's clock, the room, the entry. */
export function conferenceRecordingName(row: { id: string; number: string; startedAt: Date }, timeZone: string): string {
  const local = utcToLocal(row.startedAt, timeZone);
  return `${local.slice(0, 10)}_${local.slice(11, 13)}${local.slice(14, 16)}_room-${safe(row.number) || 'x'}_${safe(row.id.slice(0, 8))}`;
}

/**
 * The conference recordings (manual 4.5.2/4.5.3). Removing one deletes its audio and leaves the
 * history entry and its participants: "delete history" is a separate action of the history list.
 */
export const conferenceRecordings: RecordingSet = {
  module: 'conference',
  exportPermission: ['vconference', 'export'],
  deletePermission: ['vconference', 'delete'],

  async count(db, scope, period, siteId) {
    const [row] = await db.select({ n: sql<number>`count(*)` }).from(conferenceSessions).where(recordedIn(db, scope, period, siteId));
    return Number(row?.n ?? 0);
  },

  async page(db, scope, period, siteId, after: RecordingCursor | null, limit) {
    const afterCursor = after
      ? or(gt(conferenceSessions.startedAt, after.startedAt), and(eq(conferenceSessions.startedAt, after.startedAt), gt(conferenceSessions.id, after.id)))
      : undefined;
    const rows = await db
      .select({ id: conferenceSessions.id, siteId: conferenceSessions.siteId, number: conferenceSessions.number, startedAt: conferenceSessions.startedAt, timeZone: sites.timeZone, files: audioItems.files })
      .from(conferenceSessions)
      .innerJoin(sites, eq(sites.id, conferenceSessions.siteId))
      .innerJoin(audioItems, and(eq(audioItems.id, conferenceSessions.recordingAudioId), eq(audioItems.orgId, conferenceSessions.orgId)))
      .where(and(recordedIn(db, scope, period, siteId), afterCursor))
      .orderBy(asc(conferenceSessions.startedAt), asc(conferenceSessions.id))
      .limit(limit);
    return rows.map((r): StoredRecording => {
      const files: StoredRecording['files'] = {};
      for (const f of FORMATS) {
        const file = r.files[f];
        if (file) files[f] = { key: file.key, size: file.size };
      }
      return { id: r.id, siteId: r.siteId, startedAt: r.startedAt, name: conferenceRecordingName(r, r.timeZone), files };
    });
  },

  async remove(deps, scope, ids) {
    const { db } = deps;
    const keys: string[] = [];
    const items: BatchItem[] = [];
    let removed = 0;
    for (const part of chunk([...new Set(ids)])) {
      const rows = await db
        .select({ id: conferenceSessions.id, audioId: conferenceSessions.recordingAudioId })
        .from(conferenceSessions)
        .where(and(recordedIn(db, scope, { from: null, to: null }, null), inArray(conferenceSessions.id, part)));
      if (!rows.length) continue;
      const audioIds = rows.flatMap((r) => (r.audioId ? [r.audioId] : []));
      for (const f of await db.select({ files: audioItems.files }).from(audioItems).where(and(eq(audioItems.orgId, scope.orgId), inArray(audioItems.id, audioIds)))) {
        for (const format of FORMATS) if (f.files[format]) keys.push(f.files[format].key);
      }
      items.push(db.delete(audioItems).where(and(eq(audioItems.orgId, scope.orgId), inArray(audioItems.id, audioIds))));
      items.push(db.update(conferenceSessions).set({ recordingAudioId: null, recordingBytes: 0 }).where(and(eq(conferenceSessions.orgId, scope.orgId), inArray(conferenceSessions.id, rows.map((r) => r.id)))));
      removed += rows.length;
    }
    if (!items.length) return 0;
    await db.batch(items as [BatchItem, ...BatchItem[]]);
    await deleteBlobs(deps.blobs, keys, deps.log);
    return removed;
  },
};
