import { eq } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { recordingSettings } from '../../../schema/index.js';

/** The recorder's rules (manual 5.4) as the ingest checks them. */
export interface RecorderRules {
  minDurationSeconds: number;
  excludedUserIds: string[];
  discardIfAnyExcluded: boolean;
}

export async function loadRecorderRules(db: Db, orgId: string): Promise<RecorderRules> {
  const [row] = await db.select().from(recordingSettings).where(eq(recordingSettings.orgId, orgId));
  return { minDurationSeconds: row?.minDurationSeconds ?? 0, excludedUserIds: row?.excludedUserIds ?? [], discardIfAnyExcluded: row?.discardIfAnyExcluded ?? false };
}

export type DiscardReason = 'too-short' | 'excluded-user';

/**
 * Why a call must not be kept, or null. The node applies the same rules first; this is the
 * backstop for a node with an older configuration or a rule changed while the call went on.
 * Exclusion looks only at internal participants: with discardIfAnyExcluded one excluded user is
 * enough, else every internal participant must be excluded, and a call with none is never discarded.
 */
export function discardReason(rules: RecorderRules, durationMs: number, participants: { internal: boolean; userId: string | null }[]): DiscardReason | null {
  if (durationMs < rules.minDurationSeconds * 1000) return 'too-short';
  const excluded = new Set(rules.excludedUserIds);
  const internal = participants.filter((p) => p.internal);
  if (!internal.length || !excluded.size) return null;
  const isExcluded = (p: { userId: string | null }) => p.userId !== null && excluded.has(p.userId);
  const discard = rules.discardIfAnyExcluded ? internal.some(isExcluded) : internal.every(isExcluded);
  return discard ? 'excluded-user' : null;
}
