import { and, eq, sql } from 'drizzle-orm';
import type { BatchItem, Db } from '../../db.js';
import { sites, users, voicemailProfiles, voicemailSettings, type VoicemailProfileValues } from '../../../schema/index.js';
import { ApiError, notFound } from '../../errors.js';
import type { Language } from '../../i18n/index.js';
import { auditEntry } from '../audit/audit-entry.js';
import { inScopeSites, type Scope } from '../scope.js';
import { DEFAULT_PROFILE, defaultTemplates, type MailTemplate } from './voicemail-defaults.js';
import type { VoicemailSettingsInput } from './voicemail-settings-schemas.js';

export interface VoicemailSettingsView {
  limits: { siteId: string; siteName: string; maxMessages: number; maxSeconds: number }[];
  defaultProfile: VoicemailProfileValues;
  templates: Record<Language, MailTemplate>;
}

/** The v-mailer settings (manual 3.4) as the actor may see them: limits of their sites only. */
export async function getVoicemailSettings(db: Db, scope: Scope): Promise<VoicemailSettingsView> {
  const siteFilter = inScopeSites(sites.id, scope);
  const [limits, [row]] = await Promise.all([
    db
      .select({ siteId: sites.id, siteName: sites.name, maxMessages: sites.voicemailMaxMessages, maxSeconds: sites.voicemailMaxSeconds })
      .from(sites)
      .where(and(eq(sites.orgId, scope.orgId), siteFilter))
      .orderBy(sql`${sites.name} collate nocase`),
    db.select().from(voicemailSettings).where(eq(voicemailSettings.orgId, scope.orgId)),
  ]);
  const defaultProfile = row
    ? { mainAction: row.mainAction, attachmentFormat: row.attachmentFormat, hearDetails: row.hearDetails, alternateEmailEnabled: row.alternateEmailEnabled }
    : { ...DEFAULT_PROFILE };
  // Languages without a saved template keep the built-in one.
  return { limits, defaultProfile, templates: { ...defaultTemplates(), ...(row?.templates ?? {}) } };
}

/** The default profile and templates are the whole organization's: not for site-limited actors. */
function requireWholeOrganization(scope: Scope): void {
  if (scope.siteIds) throw new ApiError('FORBIDDEN', 'only administrators of every site change the default profile and the e-mail templates');
}

export async function saveVoicemailSettings(db: Db, scope: Scope, input: VoicemailSettingsInput, now: Date): Promise<void> {
  const items: BatchItem[] = [];
  if (input.limits?.length) {
    const wanted = [...new Set(input.limits.map((l) => l.siteId))];
    const current = await getVoicemailSettings(db, scope);
    const visible = new Set(current.limits.map((l) => l.siteId));
    if (wanted.some((id) => !visible.has(id))) throw notFound('site');
    for (const l of input.limits) {
      items.push(db.update(sites).set({ voicemailMaxMessages: l.maxMessages, voicemailMaxSeconds: l.maxSeconds, updatedAt: now }).where(and(eq(sites.id, l.siteId), eq(sites.orgId, scope.orgId))));
    }
  }
  if (input.defaultProfile || input.templates) {
    requireWholeOrganization(scope);
    const current = await getVoicemailSettings(db, scope);
    const values = { ...current.defaultProfile, ...input.defaultProfile, templates: { ...current.templates, ...input.templates }, updatedAt: now };
    items.push(db.insert(voicemailSettings).values({ orgId: scope.orgId, ...values }).onConflictDoUpdate({ target: voicemailSettings.orgId, set: values }));
  }
  if (!items.length) return;
  const summary = Object.keys(input).filter((k) => input[k as keyof VoicemailSettingsInput] !== undefined).join(', ');
  items.push(auditEntry(db, scope, { action: 'update', entityType: 'voicemailSettings', entityId: scope.orgId, summary }, now));
  await db.batch(items as [BatchItem, ...BatchItem[]]);
}

/** Manual 3.4.3 "apply to all users": every user of the organization gets the default profile. */
export async function applyDefaultProfile(db: Db, scope: Scope, now: Date): Promise<number> {
  requireWholeOrganization(scope);
  const { defaultProfile } = await getVoicemailSettings(db, scope);
  const ids = (await db.select({ id: users.id }).from(users).where(eq(users.orgId, scope.orgId))).map((u) => u.id);
  const items: BatchItem[] = [];
  // Seven bound values a row: 12 rows keep a statement under D1's 100 parameters.
  for (let i = 0; i < ids.length; i += 12) {
    const rows = ids.slice(i, i + 12).map((userId) => ({ userId, orgId: scope.orgId, ...defaultProfile, updatedAt: now }));
    items.push(
      db.insert(voicemailProfiles).values(rows).onConflictDoUpdate({
        target: voicemailProfiles.userId,
        set: {
          mainAction: sql`excluded.main_action`, attachmentFormat: sql`excluded.attachment_format`, hearDetails: sql`excluded.hear_details`,
          alternateEmailEnabled: sql`excluded.alternate_email_enabled`, updatedAt: sql`excluded.updated_at`,
        },
      }),
    );
  }
  items.push(auditEntry(db, scope, { action: 'update', entityType: 'voicemailSettings', entityId: scope.orgId, summary: `default profile applied to ${ids.length} users` }, now));
  await db.batch(items as [BatchItem, ...BatchItem[]]);
  return ids.length;
}
