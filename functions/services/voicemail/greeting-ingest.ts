import { and, eq } from 'drizzle-orm';
import type { BatchItem } from '../../db.js';
import type { Deps } from '../../deps.js';
import { audioItems, mailboxes } from '../../../schema/index.js';
import { ensureMailboxItem, findMailbox } from './mailbox-service.js';
import { GreetingAudioMetadataSchema } from './node-voicemail-contract.js';
import type { AudioStored } from './stored-audio.js';
import { deleteBlobs } from './voicemail-audio.js';

const COLUMN = { busy: 'greetingBusyId', unavailable: 'greetingUnavailableId', name: 'nameId' } as const;

/**
 * A greeting (busy, unavailable) or recorded name replaces the mailbox's previous one, whose
 * audio item goes with it. This consumer writes its own batch and then deletes the old files,
 * because the files may only go once the change is stored (a leftover file is better than a lost
 * greeting) and the dispatch batch runs after consumers return. It is idempotent: run again, it
 * finds the greeting in place and does nothing, so it returns no rows for the dispatch.
 */
export async function ingestGreeting(deps: Pick<Deps, 'db' | 'blobs' | 'log' | 'now'>, orgId: string, siteId: string, stored: AudioStored): Promise<BatchItem[]> {
  const { db, log } = deps;
  const meta = GreetingAudioMetadataSchema.safeParse(stored.metadata);
  if (!meta.success) {
    log.warn('greeting audio skipped: unreadable metadata', { audioId: stored.audioId, error: meta.error.message });
    return [];
  }
  const column = COLUMN[meta.data.greeting];
  const ctx = await findMailbox(db, orgId, siteId, meta.data.mailbox);
  const previous = ctx?.mailbox?.[column] ?? null;
  if (previous === stored.audioId) return [];
  const now = deps.now();
  const [old] = previous
    ? await db.select({ files: audioItems.files }).from(audioItems).where(and(eq(audioItems.id, previous), eq(audioItems.orgId, orgId), eq(audioItems.kind, 'greeting')))
    : [];
  const ensured = await ensureMailboxItem(db, orgId, siteId, meta.data.mailbox, now);
  const items: BatchItem[] = [
    ensured.item,
    db.update(mailboxes).set({ [column]: stored.audioId, updatedAt: now }).where(and(eq(mailboxes.siteId, siteId), eq(mailboxes.extension, meta.data.mailbox))),
  ];
  if (old && previous) items.push(db.delete(audioItems).where(eq(audioItems.id, previous)));
  await db.batch(items as [BatchItem, ...BatchItem[]]);
  if (old) await deleteBlobs(deps.blobs, [old.files.wav.key, old.files.gsm.key, old.files.mp3.key], log);
  return [];
}
