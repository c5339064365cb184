import { and, eq } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import type { BatchItem } from '../../db.js';
import { extensions, sites, users, voicemailProfiles, type VoicemailProfileValues } from '../../../schema/index.js';
import { notFound } from '../../errors.js';
import { auditEntry } from '../audit/audit-entry.js';
import type { Scope } from '../scope.js';
import { setPin } from './mailbox-pin.js';
import { findMailbox } from './mailbox-service.js';
import type { OwnVoicemailProfileInput } from './voicemail-settings-schemas.js';
import { effectiveProfile } from './voicemail-profile.js';

export interface OwnVoicemailProfile extends VoicemailProfileValues {
  alternateEmail: string | null;
  /** The user's mailboxes: one per linked extension. */
  mailboxes: { siteId: string; siteName: string; extension: string }[];
}

type ProfileDeps = Pick<Deps, 'db' | 'kdf' | 'config' | 'now'>;

async function ownExtensions(deps: Pick<Deps, 'db'>, scope: Scope, userId: string) {
  return deps.db
    .select({ siteId: extensions.siteId, siteName: sites.name, extension: extensions.number })
    .from(extensions)
    .innerJoin(sites, eq(sites.id, extensions.siteId))
    .where(and(eq(extensions.userId, userId), eq(extensions.orgId, scope.orgId)))
    .orderBy(sites.name, extensions.number);
}

/** The signed-in user's own v-mailer profile (manual 3.5). */
export async function getOwnVoicemailProfile(deps: Pick<Deps, 'db'>, scope: Scope, userId: string): Promise<OwnVoicemailProfile> {
  const [user] = await deps.db.select({ alternateEmail: users.alternateEmail }).from(users).where(and(eq(users.id, userId), eq(users.orgId, scope.orgId)));
  if (!user) throw notFound('user');
  const [profile, mailboxes] = await Promise.all([effectiveProfile(deps.db, scope.orgId, userId), ownExtensions(deps, scope, userId)]);
  return { ...profile, alternateEmail: user.alternateEmail, mailboxes };
}

/**
 * Saves the user's profile (their own row from now on, whatever the default later becomes) and,
 * when a PIN is given, sets it on every mailbox of their extensions.
 */
export async function saveOwnVoicemailProfile(deps: ProfileDeps, scope: Scope, userId: string, input: OwnVoicemailProfileInput): Promise<void> {
  const { db } = deps;
  const now = deps.now();
  const current = await getOwnVoicemailProfile(deps, scope, userId);
  const values: VoicemailProfileValues = {
    mainAction: input.mainAction ?? current.mainAction, attachmentFormat: input.attachmentFormat ?? current.attachmentFormat,
    hearDetails: input.hearDetails ?? current.hearDetails, alternateEmailEnabled: input.alternateEmailEnabled ?? current.alternateEmailEnabled,
  };
  const items: BatchItem[] = [
    db.insert(voicemailProfiles).values({ userId, orgId: scope.orgId, ...values, updatedAt: now }).onConflictDoUpdate({ target: voicemailProfiles.userId, set: { ...values, updatedAt: now } }),
    auditEntry(db, scope, { action: 'update', entityType: 'voicemailProfile', entityId: userId, summary: Object.keys(input).filter((k) => k !== 'pin').concat(input.pin ? ['PIN'] : []).join(', ') }, now),
  ];
  if (input.alternateEmail !== undefined) items.push(db.update(users).set({ alternateEmail: input.alternateEmail, updatedAt: now }).where(and(eq(users.id, userId), eq(users.orgId, scope.orgId))));
  await db.batch(items as [BatchItem, ...BatchItem[]]);
  if (input.pin) {
    for (const box of current.mailboxes) {
      const ctx = await findMailbox(db, scope.orgId, box.siteId, box.extension);
      if (ctx) await setPin(deps, ctx, input.pin);
    }
  }
}
