import { and, eq, gte, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { callRecordings } from '../../../schema/index.js';
import { recordingVisibility } from '../call-recordings/recording-visibility.js';
import type { Scope } from '../scope.js';

const DAY_MS = 86_400_000;
/** The rate is read over this many days of recordings at most (manual 5.2 "estimativa de ocupação"). */
export const RATE_WINDOW_DAYS = 7;

/** Manual 5.2 "gravações armazenadas": the call recordings the user may see. */
export interface StoredRecordings {
  count: number;
  bytes: number;
  durationMs: number;
}

/**
 * Manual 5.2 "estimativa de ocupação". `bytesPerDay` is null under a day of recordings (too little
 * to tell a rate); `freeBytes` is null when the store's free space is unknown (S3 without RAMAL_STORAGE_CAPACITY, workerd).
 */
export interface RecordingStorage {
  freeBytes: number | null;
  bytesPerDay: number | null;
  /** Whole days left at that rate; null when either side is unknown or nothing is being recorded. */
  daysLeft: number | null;
  /** Days of recordings the rate was read over (at most RATE_WINDOW_DAYS). */
  windowDays: number;
}

export interface RecordingGadgets {
  stored: StoredRecordings | null;
  storage: RecordingStorage | null;
}

export async function storedRecordings(db: Db, scope: Scope): Promise<StoredRecordings> {
  const [row] = await db
    .select({
      count: sql<number>`count(*)`,
      bytes: sql<number>`coalesce(sum(${callRecordings.audioBytes}), 0)`,
      durationMs: sql<number>`coalesce(sum(${callRecordings.durationMs}), 0)`,
    })
    .from(callRecordings)
    .where(recordingVisibility(db, scope));
  return { count: Number(row?.count ?? 0), bytes: Number(row?.bytes ?? 0), durationMs: Number(row?.durationMs ?? 0) };
}

/**
 * How long the store lasts at the current rate. The rate is the organization's whole recording
 * volume (what fills the disk), not only the calls the viewer may open: the gadget tells no call
 * apart, so it reveals nothing a narrower view hides. A young installation reads its rate over
 * the days it has, from its first recording; under a day there is no rate to speak of.
 */
export async function recordingStorage(db: Db, orgId: string, now: Date, freeBytes: number | null): Promise<RecordingStorage> {
  const [first] = await db
    .select({ at: sql<number | null>`min(${callRecordings.startedAt})` })
    .from(callRecordings)
    .where(and(eq(callRecordings.orgId, orgId), lte(callRecordings.startedAt, now)));
  const firstAt = first?.at === null || first?.at === undefined ? null : Number(first.at);
  const windowStart = Math.max(now.getTime() - RATE_WINDOW_DAYS * DAY_MS, firstAt ?? now.getTime());
  const spanDays = (now.getTime() - windowStart) / DAY_MS;
  if (firstAt === null || spanDays < 1) return { freeBytes, bytesPerDay: null, daysLeft: null, windowDays: spanDays };
  const [recent] = await db
    .select({ bytes: sql<number>`coalesce(sum(${callRecordings.audioBytes}), 0)` })
    .from(callRecordings)
    .where(and(eq(callRecordings.orgId, orgId), gte(callRecordings.startedAt, new Date(windowStart)), lte(callRecordings.startedAt, now)));
  const bytesPerDay = Number(recent?.bytes ?? 0) / spanDays;
  const daysLeft = freeBytes !== null && bytesPerDay > 0 ? Math.floor(freeBytes / bytesPerDay) : null;
  return { freeBytes, bytesPerDay, daysLeft, windowDays: spanDays };
}

/** The v-rec gadgets' numbers; each is loaded only when its gadget is on the dashboard. */
export async function recordingGadgets(
  db: Db, scope: Scope, now: Date, wanted: { stored: boolean; storage: boolean }, freeBytes: number | null,
): Promise<RecordingGadgets> {
  const [stored, storage] = await Promise.all([
    wanted.stored ? storedRecordings(db, scope) : null,
    wanted.storage ? recordingStorage(db, scope.orgId, now, freeBytes) : null,
  ]);
  return { stored, storage };
}
