import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { recordingSettings, users } from '../../../schema/index.js';
import { ApiError, fieldError } from '../../errors.js';
import { LANGUAGES } from '../../i18n/index.js';
import { auditEntry } from '../audit/audit-entry.js';
import type { Scope } from '../scope.js';
import { RECORDING_MAIL_FIELDS, type RecordingSettingsInput, type RecordingSettingsView } from './recording-contract.js';
import { defaultRecordingMailTemplates } from './recording-mail-template.js';

const CHUNK = 50;

async function usersOf(db: Db, orgId: string, ids: string[]): Promise<{ id: string; fullName: string; email: string }[]> {
  const found: { id: string; fullName: string; email: string }[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    found.push(...(await db.select({ id: users.id, fullName: users.fullName, email: users.email }).from(users).where(and(eq(users.orgId, orgId), inArray(users.id, ids.slice(i, i + CHUNK))))));
  }
  return found;
}

/** The recorder's rules, retention and e-mail template (manual 5.3/5.4); the defaults when never saved. */
export async function getRecordingSettings(db: Db, scope: Scope): Promise<RecordingSettingsView> {
  const [row] = await db.select().from(recordingSettings).where(eq(recordingSettings.orgId, scope.orgId));
  // A user deleted since leaves the list: nobody is left to exclude.
  const excludedUsers = (await usersOf(db, scope.orgId, row?.excludedUserIds ?? [])).sort((a, b) => a.fullName.localeCompare(b.fullName) || a.id.localeCompare(b.id));
  const templates = defaultRecordingMailTemplates();
  for (const lang of LANGUAGES) {
    const own = row?.templates[lang];
    if (own?.subject.trim()) templates[lang] = own;
  }
  return {
    minDurationSeconds: row?.minDurationSeconds ?? 0,
    excludedUsers,
    discardIfAnyExcluded: row?.discardIfAnyExcluded ?? false,
    retentionDays: row?.retentionDays ?? null,
    templates,
  };
}

/** The first template field that names a placeholder other than {date} {protocol} {from} {to}, as a field path. */
function unknownPlaceholder(templates: NonNullable<RecordingSettingsInput['templates']>): string | null {
  for (const [lang, template] of Object.entries(templates)) {
    for (const part of ['subject', 'body'] as const) {
      for (const m of (template?.[part] ?? '').matchAll(/\{([^{}]*)\}/g)) {
        if (!(RECORDING_MAIL_FIELDS as readonly string[]).includes(m[1] ?? '')) return `templates.${lang}.${part}`;
      }
    }
  }
  return null;
}

/**
 * Changes only the fields given. The rules are the whole organization's, so a site-limited
 * administrator may read them but not change them. A change reaches the media nodes at their
 * next configuration poll (the config's ETag follows its content).
 */
export async function saveRecordingSettings(db: Db, scope: Scope, input: RecordingSettingsInput, now: Date): Promise<void> {
  if (scope.siteIds) throw new ApiError('FORBIDDEN', 'only administrators of every site change the recording rules');
  const set: Partial<typeof recordingSettings.$inferInsert> = {};
  if (input.minDurationSeconds !== undefined) set.minDurationSeconds = input.minDurationSeconds;
  if (input.discardIfAnyExcluded !== undefined) set.discardIfAnyExcluded = input.discardIfAnyExcluded;
  if (input.retentionDays !== undefined) set.retentionDays = input.retentionDays;
  if (input.excludedUserIds) {
    const ids = [...new Set(input.excludedUserIds)];
    if ((await usersOf(db, scope.orgId, ids)).length !== ids.length) throw fieldError('excludedUserIds', 'vrec.err.excludedUsers');
    set.excludedUserIds = ids;
  }
  if (input.templates) {
    const wrong = unknownPlaceholder(input.templates);
    if (wrong) throw fieldError(wrong, 'vrec.err.templateField');
    const [row] = await db.select({ templates: recordingSettings.templates }).from(recordingSettings).where(eq(recordingSettings.orgId, scope.orgId));
    set.templates = { ...(row?.templates ?? {}), ...input.templates };
  }
  const changed = Object.keys(set);
  if (!changed.length) return;
  await db.batch([
    db
      .insert(recordingSettings)
      .values({ orgId: scope.orgId, ...set, updatedAt: now })
      .onConflictDoUpdate({ target: recordingSettings.orgId, set: { ...set, updatedAt: now } }),
    auditEntry(db, scope, { action: 'update', entityType: 'recordingSettings', entityId: scope.orgId, summary: changed.join(', ') }, now),
  ]);
}

