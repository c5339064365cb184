import type { BatchItem, Db } from '../../db.js';
import { conferenceRoomRevisions, type ROOM_CHANGES } from '../../../schema/index.js';
import { ApiError } from '../../errors.js';
import { isUniqueViolation } from '../database/constraint-errors.js';
import type { Scope } from '../scope.js';

/** The statement that claims `sequence` for a room's change (see conferenceRoomRevisions). */
export function revisionItem(db: Db, scope: Scope, roomId: string, sequence: number, change: (typeof ROOM_CHANGES)[number], now: Date): BatchItem {
  return db.insert(conferenceRoomRevisions).values({ roomId, sequence, orgId: scope.orgId, change, changedBy: scope.userId, changedAt: now });
}

/**
 * Runs a room change's batch. When another change of the same room claimed the SEQUENCE first,
 * nothing of this one was written (a batch is one transaction) and its author gets a 409.
 */
export async function commitRoomChange(db: Db, items: BatchItem[]): Promise<void> {
  try {
    await db.batch(items as [BatchItem, ...BatchItem[]]);
  } catch (error) {
    if (isUniqueViolation(error, 'conference_room_revisions')) {
      throw new ApiError('CONFLICT', 'someone else changed or deleted this room meanwhile: reload it and try again', { messageKey: 'conference.err.changedMeanwhile' });
    }
    throw error;
  }
}
