import { eq } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { voicemailProfiles, voicemailSettings, type VoicemailProfileValues } from '../../../schema/index.js';
import { DEFAULT_PROFILE } from './voicemail-defaults.js';

const pick = (row: VoicemailProfileValues): VoicemailProfileValues => ({
  mainAction: row.mainAction, attachmentFormat: row.attachmentFormat, hearDetails: row.hearDetails, alternateEmailEnabled: row.alternateEmailEnabled,
});

/**
 * What applies to a user: their own profile, else the organization's default profile, else the
 * built-in one. A mailbox with no linked user (userId null) follows the organization's default.
 */
export async function effectiveProfile(db: Db, orgId: string, userId: string | null): Promise<VoicemailProfileValues> {
  if (userId) {
    const [own] = await db.select().from(voicemailProfiles).where(eq(voicemailProfiles.userId, userId));
    if (own && own.orgId === orgId) return pick(own);
  }
  const [org] = await db.select().from(voicemailSettings).where(eq(voicemailSettings.orgId, orgId));
  return org ? pick(org) : { ...DEFAULT_PROFILE };
}
