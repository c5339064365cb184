import { and, asc, eq, inArray } from 'drizzle-orm';
import type { BatchItem, Db } from '../../db.js';
import { audioItems, extensions, mailboxes, sites, users, voicemailMessages } from '../../../schema/index.js';
import { notFound } from '../../errors.js';
import { derivedId } from './derived-id.js';
import { mailboxCounts } from './mwi-state.js';
import type { AudioRef, MailboxInfo, MailboxMessage } from './node-voicemail-contract.js';
import { nodeAudioPath } from './voicemail-audio.js';
import { effectiveProfile } from './voicemail-profile.js';

export type MailboxRow = typeof mailboxes.$inferSelect;
export type VoicemailMessageRow = typeof voicemailMessages.$inferSelect;

/** Two racing ensures of one mailbox agree on its id, so "insert, on conflict nothing" keeps one. */
export function mailboxIdFor(siteId: string, extension: string): Promise<string> {
  return derivedId(`mailbox:${siteId}:${extension}`);
}

export async function ensureMailboxItem(db: Db, orgId: string, siteId: string, extension: string, now: Date): Promise<{ id: string; item: BatchItem }> {
  const id = await mailboxIdFor(siteId, extension);
  const item = db.insert(mailboxes).values({ id, orgId, siteId, extension, createdAt: now, updatedAt: now }).onConflictDoNothing();
  return { id, item };
}

export interface MailboxContext {
  site: typeof sites.$inferSelect;
  extension: string;
  mailbox: MailboxRow | null;
  /** The extension row's name (from the PBX) when there is one. */
  extensionName: string;
  owner: { id: string; fullName: string; email: string; alternateEmail: string | null; language: string } | null;
}

/**
 * What is known about one extension's mailbox on a site: the mailbox row (if made yet) and the
 * extension's linked user. Null when the site has neither the extension nor a mailbox for it.
 */
export async function findMailbox(db: Db, orgId: string, siteId: string, extension: string): Promise<MailboxContext | null> {
  const [site] = await db.select().from(sites).where(and(eq(sites.id, siteId), eq(sites.orgId, orgId)));
  if (!site) return null;
  const [[mailbox], [ext]] = await Promise.all([
    db.select().from(mailboxes).where(and(eq(mailboxes.siteId, siteId), eq(mailboxes.extension, extension))),
    db.select().from(extensions).where(and(eq(extensions.siteId, siteId), eq(extensions.number, extension), eq(extensions.orgId, orgId))),
  ]);
  if (!mailbox && !ext) return null;
  let owner: MailboxContext['owner'] = null;
  if (ext?.userId) {
    const [user] = await db
      .select({ id: users.id, fullName: users.fullName, email: users.email, alternateEmail: users.alternateEmail, language: users.language })
      .from(users)
      .where(and(eq(users.id, ext.userId), eq(users.orgId, orgId)));
    owner = user ?? null;
  }
  return { site, extension, mailbox: mailbox ?? null, extensionName: ext?.name ?? '', owner };
}

export async function requireMailbox(db: Db, orgId: string, siteId: string, extension: string): Promise<MailboxContext> {
  const found = await findMailbox(db, orgId, siteId, extension);
  if (!found) throw notFound('mailbox');
  return found;
}

async function audioRefs(db: Db, ids: (string | null)[]): Promise<Map<string, AudioRef>> {
  const wanted = ids.filter((id): id is string => id !== null);
  if (!wanted.length) return new Map();
  const rows = await db.select({ id: audioItems.id, durationMs: audioItems.durationMs }).from(audioItems).where(inArray(audioItems.id, wanted));
  return new Map(rows.map((r) => [r.id, { audioId: r.id, path: nodeAudioPath(r.id), durationMs: r.durationMs }]));
}

/** The facts a node needs to answer a call to a mailbox or a caller checking it. */
export async function mailboxInfo(db: Db, ctx: MailboxContext): Promise<MailboxInfo> {
  const { site, mailbox, owner } = ctx;
  const [counts, profile, refs] = await Promise.all([
    mailbox ? mailboxCounts(db, mailbox.id) : { newCount: 0, savedCount: 0 },
    effectiveProfile(db, site.orgId, owner?.id ?? null),
    audioRefs(db, [mailbox?.greetingBusyId ?? null, mailbox?.greetingUnavailableId ?? null, mailbox?.nameId ?? null]),
  ]);
  const ref = (id: string | null | undefined) => (id ? (refs.get(id) ?? null) : null);
  return {
    extension: ctx.extension,
    ownerName: owner?.fullName ?? ctx.extensionName,
    language: owner?.language ?? site.promptLanguage,
    ...counts,
    maxMessages: site.voicemailMaxMessages,
    maxSeconds: site.voicemailMaxSeconds,
    full: counts.newCount + counts.savedCount >= site.voicemailMaxMessages,
    hasPin: Boolean(mailbox?.pinHash),
    hearDetails: profile.hearDetails,
    greetings: { busy: ref(mailbox?.greetingBusyId), unavailable: ref(mailbox?.greetingUnavailableId), name: ref(mailbox?.nameId) },
  };
}

/** New messages first, then heard ones; oldest first within each (the order the phone menu plays). */
export async function mailboxMessages(db: Db, mailboxId: string): Promise<MailboxMessage[]> {
  const rows = await db
    .select()
    .from(voicemailMessages)
    .where(eq(voicemailMessages.mailboxId, mailboxId))
    .orderBy(asc(voicemailMessages.heard), asc(voicemailMessages.receivedAt), asc(voicemailMessages.id));
  return rows.map((m) => ({
    id: m.id, protocol: m.protocol, callerNumber: m.callerNumber, callerName: m.callerName, divertReason: m.divertReason,
    receivedAt: m.receivedAt.toISOString(), durationMs: m.durationMs, heard: m.heard,
    audio: { audioId: m.audioId, path: nodeAudioPath(m.audioId), durationMs: m.durationMs },
  }));
}

/** A message of this site (node calls); another site's or organization's is 404. */
export async function siteMessage(db: Db, orgId: string, siteId: string, id: string): Promise<VoicemailMessageRow> {
  const [row] = await db.select().from(voicemailMessages).where(and(eq(voicemailMessages.id, id), eq(voicemailMessages.orgId, orgId), eq(voicemailMessages.siteId, siteId)));
  if (!row) throw notFound('voicemail message');
  return row;
}
