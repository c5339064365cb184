import { and, eq, inArray } from 'drizzle-orm';
import type { BatchItem, Db } from '../../db.js';
import type { Deps } from '../../deps.js';
import { audioItems, voicemailMessages } from '../../../schema/index.js';
import { domainEvent } from '../events/domain-event.js';
import type { VoicemailMessageRow } from './mailbox-service.js';
import { chunks, mwiBumpItems } from './mwi-state.js';
import { deleteBlobs } from './voicemail-audio.js';

export { effectiveProfile } from './voicemail-profile.js';
export { defaultTemplates } from './voicemail-defaults.js';
export { voicemailMailItems } from './voicemail-mail.js';

/** How a message was heard or deleted, as the voicemail events report it. */
export type VoicemailVia = 'web' | 'api' | 'phone' | 'email' | 'download';

/**
 * Every function here takes ids the caller has already checked belong to the organization (and
 * the caller's scope); the organization filter is kept as a second fence.
 */
async function rowsOf(db: Db, orgId: string, ids: string[], heard?: boolean): Promise<VoicemailMessageRow[]> {
  const out: VoicemailMessageRow[] = [];
  for (const part of chunks([...new Set(ids)])) {
    const where = and(eq(voicemailMessages.orgId, orgId), inArray(voicemailMessages.id, part), heard === undefined ? undefined : eq(voicemailMessages.heard, heard));
    out.push(...(await db.select().from(voicemailMessages).where(where)));
  }
  return out;
}

const ref = (m: VoicemailMessageRow) => ({ messageId: m.id, protocol: m.protocol, siteId: m.siteId, mailbox: m.extension, userId: m.userId });

/** Marks messages heard; only unheard ones change, each with a voicemail.heard event. Returns how many changed. */
export async function markHeard(db: Db, orgId: string, ids: string[], via: VoicemailVia, now: Date): Promise<number> {
  const rows = await rowsOf(db, orgId, ids, false);
  if (!rows.length) return 0;
  const items: BatchItem[] = chunks(rows.map((r) => r.id)).map((part) =>
    db.update(voicemailMessages).set({ heard: true, heardAt: now }).where(and(inArray(voicemailMessages.id, part), eq(voicemailMessages.heard, false))),
  );
  for (const m of rows) items.push(domainEvent(db, m.orgId, m.siteId, 'voicemail.heard', { ...ref(m), heardAt: now.toISOString(), via }, now));
  items.push(...mwiBumpItems(db, rows.map((r) => r.mailboxId), now));
  await db.batch(items as [BatchItem, ...BatchItem[]]);
  return rows.length;
}

/** Puts heard messages back to new (the lamp lights again); no event, the catalogue has none for it. */
export async function markUnheard(db: Db, orgId: string, ids: string[], now: Date): Promise<number> {
  const rows = await rowsOf(db, orgId, ids, true);
  if (!rows.length) return 0;
  const items: BatchItem[] = chunks(rows.map((r) => r.id)).map((part) =>
    db.update(voicemailMessages).set({ heard: false, heardAt: null }).where(and(inArray(voicemailMessages.id, part), eq(voicemailMessages.heard, true))),
  );
  items.push(...mwiBumpItems(db, rows.map((r) => r.mailboxId), now));
  await db.batch(items as [BatchItem, ...BatchItem[]]);
  return rows.length;
}

/**
 * Deletes messages with their audio items and a voicemail.deleted event each, in one batch; the
 * files go from object storage afterwards (a failure there is logged: the message is gone either way).
 */
export async function deleteMessages(deps: Pick<Deps, 'db' | 'blobs' | 'now'> & { log?: Deps['log'] }, orgId: string, ids: string[], via: VoicemailVia): Promise<number> {
  const { db } = deps;
  const now = deps.now();
  const rows = await rowsOf(db, orgId, ids);
  if (!rows.length) return 0;
  const keys: string[] = [];
  const items: BatchItem[] = [];
  for (const part of chunks(rows)) {
    const audioIds = part.map((m) => m.audioId);
    const files = await db.select({ files: audioItems.files }).from(audioItems).where(and(eq(audioItems.orgId, orgId), inArray(audioItems.id, audioIds)));
    for (const f of files) keys.push(f.files.wav.key, f.files.gsm.key, f.files.mp3.key);
    items.push(db.delete(voicemailMessages).where(and(eq(voicemailMessages.orgId, orgId), inArray(voicemailMessages.id, part.map((m) => m.id)))));
    items.push(db.delete(audioItems).where(and(eq(audioItems.orgId, orgId), inArray(audioItems.id, audioIds))));
  }
  for (const m of rows) items.push(domainEvent(db, m.orgId, m.siteId, 'voicemail.deleted', { ...ref(m), deletedAt: now.toISOString(), via }, now));
  items.push(...mwiBumpItems(db, rows.map((r) => r.mailboxId), now));
  await db.batch(items as [BatchItem, ...BatchItem[]]);
  await deleteBlobs(deps.blobs, keys, deps.log ?? { warn: (msg, data) => console.warn(msg, data) });
  return rows.length;
}
