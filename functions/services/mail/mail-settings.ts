import { eq } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { mailSettings } from '../../../schema/index.js';
import { ApiError, fieldError } from '../../errors.js';
import { auditEntry } from '../audit/audit-entry.js';
import type { Scope } from '../scope.js';
import type { MailProvider, MailSettingsInput } from './mail-schemas.js';
import { queueMail } from './send-mail.js';

export type MailSettingsRow = typeof mailSettings.$inferSelect;

/** The settings as the API and the form show them: secrets only as "is set". */
export interface MailSettingsView {
  /** False while the organization has no settings row: mail goes to the local outbox folder. */
  configured: boolean;
  provider: MailProvider;
  fromAddress: string;
  fromName: string;
  replyTo: string | null;
  resendApiKeySet: boolean;
  smtpHost: string | null;
  smtpPort: number | null;
  smtpSecurity: 'tls' | 'starttls' | 'none' | null;
  smtpUser: string | null;
  smtpPasswordSet: boolean;
  updatedAt: Date | null;
}

export async function loadMailSettings(db: Db, orgId: string): Promise<MailSettingsRow | null> {
  const [row] = await db.select().from(mailSettings).where(eq(mailSettings.orgId, orgId));
  return row ?? null;
}

/** Mail settings belong to the whole organization, so an administrator limited to some sites may not change them. */
export function requireWholeOrganization(scope: Scope): void {
  if (scope.siteIds !== null) throw new ApiError('FORBIDDEN', 'mail settings apply to the whole organization; a site-limited administrator cannot change them', { messageKey: 'mail.err.siteLimited' });
}

export function settingsView(row: MailSettingsRow | null): MailSettingsView {
  return {
    configured: row !== null, provider: row?.provider ?? 'outbox', fromAddress: row?.fromAddress ?? '', fromName: row?.fromName ?? '', replyTo: row?.replyTo ?? null,
    resendApiKeySet: Boolean(row?.resendApiKey), smtpHost: row?.smtpHost ?? null, smtpPort: row?.smtpPort ?? null, smtpSecurity: row?.smtpSecurity ?? null,
    smtpUser: row?.smtpUser ?? null, smtpPasswordSet: Boolean(row?.smtpPassword), updatedAt: row?.updatedAt ?? null,
  };
}

export async function getMailSettings(db: Db, scope: Scope): Promise<MailSettingsView> {
  return settingsView(await loadMailSettings(db, scope.orgId));
}

/** Saves the settings; a blank secret keeps the stored one, so the form never has to show it. */
export async function saveMailSettings(db: Db, scope: Scope, input: MailSettingsInput, now: Date): Promise<MailSettingsView> {
  requireWholeOrganization(scope);
  const current = await loadMailSettings(db, scope.orgId);
  const resendApiKey = input.resendApiKey ?? current?.resendApiKey ?? null;
  if (input.provider === 'resend' && !resendApiKey) throw fieldError('resendApiKey', 'err.required');
  const smtpUser = input.smtpUser ?? null;
  const values = {
    provider: input.provider, fromAddress: input.fromAddress, fromName: input.fromName, replyTo: input.replyTo ?? null, resendApiKey,
    smtpHost: input.smtpHost ?? null, smtpPort: input.smtpPort ?? null, smtpSecurity: input.smtpSecurity ?? null, smtpUser,
    // Without a user there is no login, so no password is kept either.
    smtpPassword: smtpUser ? (input.smtpPassword ?? current?.smtpPassword ?? null) : null,
    updatedBy: scope.actor.id, updatedAt: now,
  };
  await db.batch([
    db.insert(mailSettings).values({ orgId: scope.orgId, ...values }).onConflictDoUpdate({ target: mailSettings.orgId, set: values }),
    auditEntry(db, scope, { action: current ? 'update' : 'create', entityType: 'mailSettings', entityId: scope.orgId, summary: `${input.provider} · ${input.fromAddress}` }, now),
  ]);
  return getMailSettings(db, scope);
}

/** Queues a test message to `to` through the organization's current settings. */
export async function queueTestMail(db: Db, scope: Scope, to: string, text: { subject: string; body: string }, now: Date): Promise<string> {
  requireWholeOrganization(scope);
  const queued = queueMail(db, { orgId: scope.orgId, to: [to], subject: text.subject, text: text.body, purpose: 'mail.test', createdBy: scope.actor.id }, now);
  await db.batch(queued.items);
  return queued.emailId;
}
