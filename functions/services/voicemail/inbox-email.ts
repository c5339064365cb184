import { and, eq, inArray } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import type { BatchItem } from '../../db.js';
import { sites, users } from '../../../schema/index.js';
import { fieldError, notFound } from '../../errors.js';
import type { Scope } from '../scope.js';
import { visibleMessageRows } from './inbox-messages.js';
import { markHeard } from './message-actions.js';
import type { AudioFormat } from './voicemail-audio.js';
import { voicemailMailItems } from './voicemail-mail.js';
import { effectiveProfile } from './voicemail-profile.js';
import { MAX_ZIP_MESSAGES } from './voicemail-zip.js';

/**
 * "Send by e-mail" (manual 3.3.1): one e-mail per message, with its audio, to the signed-in
 * user's own address (never to an address typed in, so the inbox cannot mail audio anywhere).
 * The messages count as heard. Returns how many e-mails were queued.
 */
export async function emailMessagesToSelf(deps: Pick<Deps, 'db' | 'now'>, scope: Scope, ids: string[], format: AudioFormat | undefined): Promise<number> {
  const { db } = deps;
  if (!scope.userId) throw fieldError('ids', 'only a signed-in user can have messages sent to their e-mail');
  if (new Set(ids).size > MAX_ZIP_MESSAGES) throw fieldError('ids', `at most ${MAX_ZIP_MESSAGES} messages at once`);
  const [me] = await db.select({ email: users.email, language: users.language }).from(users).where(and(eq(users.id, scope.userId), eq(users.orgId, scope.orgId)));
  if (!me) throw notFound('user');
  const messages = await visibleMessageRows(db, scope, ids);
  const attach = format ?? (await effectiveProfile(db, scope.orgId, scope.userId)).attachmentFormat;
  const siteIds = [...new Set(messages.map((m) => m.siteId))];
  const zones = new Map<string, string>();
  for (let i = 0; i < siteIds.length; i += 50) {
    for (const s of await db.select({ id: sites.id, timeZone: sites.timeZone }).from(sites).where(inArray(sites.id, siteIds.slice(i, i + 50)))) zones.set(s.id, s.timeZone);
  }
  const now = deps.now();
  const items: BatchItem[] = [];
  for (const message of messages) {
    items.push(...(await voicemailMailItems(db, message, [me.email], { attach, language: me.language, timeZone: zones.get(message.siteId) ?? 'UTC', now, purpose: 'voicemail.forward', createdBy: scope.userId })));
  }
  if (items.length) await db.batch(items as [BatchItem, ...BatchItem[]]);
  await markHeard(db, scope.orgId, messages.map((m) => m.id), 'email', now);
  return messages.length;
}
