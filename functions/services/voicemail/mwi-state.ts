import { and, eq, inArray, sql } from 'drizzle-orm';
import type { BatchItem, Db } from '../../db.js';
import { mailboxes, voicemailMessages } from '../../../schema/index.js';
import { sha256Hex } from '../auth/random.js';
import type { MwiState } from './node-voicemail-contract.js';

/** D1 binds at most 100 parameters per statement; ids go 50 at a time. */
export const ID_CHUNK = 50;

export function chunks<T>(items: T[], size = ID_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Statements that bump the lamp version of these mailboxes (their counts changed). */
export function mwiBumpItems(db: Db, mailboxIds: string[], now: Date): BatchItem[] {
  return chunks([...new Set(mailboxIds)]).map((ids) =>
    db.update(mailboxes).set({ mwiVersion: sql`${mailboxes.mwiVersion} + 1`, updatedAt: now }).where(inArray(mailboxes.id, ids)),
  );
}

const newCount = sql<number>`coalesce(sum(case when ${voicemailMessages.heard} = 0 then 1 else 0 end), 0)`;
const savedCount = sql<number>`coalesce(sum(case when ${voicemailMessages.heard} = 1 then 1 else 0 end), 0)`;

/** New and heard counts of every mailbox of a site (RFC 3842 message-summary for each lamp). */
export async function mwiState(db: Db, orgId: string, siteId: string): Promise<MwiState> {
  const rows = await db
    .select({ extension: mailboxes.extension, newCount, savedCount })
    .from(mailboxes)
    .leftJoin(voicemailMessages, eq(voicemailMessages.mailboxId, mailboxes.id))
    .where(and(eq(mailboxes.orgId, orgId), eq(mailboxes.siteId, siteId)))
    .groupBy(mailboxes.id)
    .orderBy(mailboxes.extension);
  return { mailboxes: rows.map((r) => ({ extension: r.extension, newCount: Number(r.newCount), savedCount: Number(r.savedCount) })) };
}

/** The counts of one mailbox. */
export async function mailboxCounts(db: Db, mailboxId: string): Promise<{ newCount: number; savedCount: number }> {
  const [row] = await db.select({ newCount, savedCount }).from(voicemailMessages).where(eq(voicemailMessages.mailboxId, mailboxId));
  return { newCount: Number(row?.newCount ?? 0), savedCount: Number(row?.savedCount ?? 0) };
}

/** A strong ETag of the state as sent, so a node polling every few seconds gets 304 until a lamp changes. */
export async function mwiEtag(json: string): Promise<string> {
  return `"${(await sha256Hex(json)).slice(0, 32)}"`;
}
