import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { audioItems, sites, users, voicemailMessages, type AudioFile } from '../../../schema/index.js';
import { notFound } from '../../errors.js';
import type { Scope } from '../scope.js';
import type { AudioFormat } from './voicemail-audio.js';
import { inboxSelect, type InboxRow } from './inbox-list.js';
import { visibleMessages } from './voicemail-visibility.js';

export type VoicemailMessage = typeof voicemailMessages.$inferSelect;
export type { AudioFormat };

/** One message as the inbox shows it; another's (or another tenant's) is "not found". */
export async function getInboxMessage(db: Db, scope: Scope, id: string): Promise<InboxRow> {
  const [row] = await inboxSelect(db).where(and(visibleMessages(db, scope), eq(voicemailMessages.id, id)));
  if (!row) throw notFound('voicemail message');
  return row;
}

/**
 * The stored rows of several messages, in the order asked; any id the actor cannot see makes the
 * whole request "not found", so a bulk action never half-applies to a guessed id.
 */
export async function visibleMessageRows(db: Db, scope: Scope, ids: string[]): Promise<VoicemailMessage[]> {
  const unique = [...new Set(ids)];
  const found = new Map<string, VoicemailMessage>();
  // D1 binds at most 100 parameters per statement.
  for (let i = 0; i < unique.length; i += 50) {
    const rows = await db.select().from(voicemailMessages).where(and(visibleMessages(db, scope), inArray(voicemailMessages.id, unique.slice(i, i + 50))));
    for (const row of rows) found.set(row.id, row);
  }
  if (found.size !== unique.length) throw notFound('voicemail message');
  return unique.map((id) => found.get(id)!);
}

/** Where one encoding of a message's audio lives, or null when it was never stored. */
export async function messageAudioFile(db: Db, message: Pick<VoicemailMessage, 'audioId' | 'orgId'>, format: AudioFormat): Promise<AudioFile | null> {
  const [item] = await db.select({ files: audioItems.files }).from(audioItems).where(and(eq(audioItems.id, message.audioId), eq(audioItems.orgId, message.orgId)));
  return item?.files[format] ?? null;
}

/** The mailboxes that have messages the actor may see, for the inbox's mailbox filter. */
export async function visibleMailboxes(db: Db, scope: Scope): Promise<{ id: string; label: string }[]> {
  const rows = await db
    .selectDistinct({ id: voicemailMessages.mailboxId, extension: voicemailMessages.extension, owner: users.fullName, site: sites.name })
    .from(voicemailMessages)
    .innerJoin(sites, eq(sites.id, voicemailMessages.siteId))
    .leftJoin(users, eq(users.id, voicemailMessages.userId))
    .where(visibleMessages(db, scope))
    .orderBy(asc(sites.name), sql`${voicemailMessages.extension} collate nocase`)
    .limit(500);
  const seen = new Map<string, string>();
  for (const r of rows) if (!seen.has(r.id)) seen.set(r.id, [r.extension, r.owner, r.site].filter(Boolean).join(' · '));
  return [...seen].map(([id, label]) => ({ id, label }));
}
