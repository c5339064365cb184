import type { Db } from '../../db.js';
import type { Deps } from '../../deps.js';
import type { Action, Module } from '../auth/permissions.js';
import type { Scope } from '../scope.js';

/**
 * A module's stored recordings as the maintenance jobs see them (manual 4.5.2/4.5.3 for
 * conferences, 5.5 for calls): counted and paged by period, exported file by file, deleted by id.
 * v-conference implements it now; v-rec (issue 7) adds the calls' set beside it.
 */
export type RecordingModule = 'conference' | 'calls';

/** By start time: from inclusive, to exclusive; null ends are open ("all recordings"). */
export interface RecordingPeriod {
  from: Date | null;
  to: Date | null;
}

/** One recording with what an export writes for it. */
export interface StoredRecording {
  id: string;
  siteId: string;
  startedAt: Date;
  /**
   * The exported file's name without extension, unique within the set and safe on FAT/NTFS/ext4:
   * [A-Za-z0-9._-] only, e.g. `2026-11-26_1000_room-301_a1b2c3d4`.
   */
  name: string;
  /** The stored encodings; an export writes the ones asked for that exist. */
  files: Partial<Record<'wav' | 'gsm' | 'mp3', { key: string; size: number }>>;
}

/** Keyset cursor: pages are ordered by (startedAt, id). */
export interface RecordingCursor {
  startedAt: Date;
  id: string;
}

export interface RecordingSet {
  module: RecordingModule;
  /** What starting an export needs; deleting needs [module, 'delete']. */
  exportPermission: [Module, Action];
  deletePermission: [Module, Action];
  /** Recordings the scope may see in the period, optionally on one site. */
  count(db: Db, scope: Scope, period: RecordingPeriod, siteId: string | null): Promise<number>;
  page(db: Db, scope: Scope, period: RecordingPeriod, siteId: string | null, after: RecordingCursor | null, limit: number): Promise<StoredRecording[]>;
  /**
   * Deletes these recordings for good (rows in one batch with their events, then the stored files);
   * returns how many went. Ids the scope cannot see are ignored. `via` says who asked, for the
   * module's deletion events (a maintenance job, or the retention rule).
   */
  remove(deps: Pick<Deps, 'db' | 'blobs' | 'log' | 'now'>, scope: Scope, ids: string[], via?: 'maintenance' | 'retention'): Promise<number>;
}
