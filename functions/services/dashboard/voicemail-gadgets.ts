import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { extensions, sites, voicemailMessages } from '../../../schema/index.js';
import { inScopeSites, type Scope } from '../scope.js';
import { organizationTimeZone } from '../sites/site-service.js';
import { mailboxIdFor } from '../voicemail/mailbox-service.js';
import { chunks } from '../voicemail/mwi-state.js';
import { protocolDate } from '../voicemail/protocol.js';
import { visibleMessages } from '../voicemail/voicemail-visibility.js';
import { dayStart } from '../webhooks/period-dates.js';

/** One of the user's mailboxes against its site's limit (the limit is per mailbox, so no sum). */
export interface MailboxFill {
  siteName: string;
  extension: string;
  count: number;
  max: number;
}

export interface MyVoicemail {
  heard: number;
  unheard: number;
  bytes: number;
  mailboxes: MailboxFill[];
  /** Without a mailbox yet: the per-mailbox limit of the user's sites when they all agree. */
  siteLimit: number | null;
}

export interface SystemVoicemail {
  /** Free bytes of the object storage; null when it cannot be told (S3, workerd). */
  freeBytes: number | null;
  usedBytes: number;
  total: number;
  today: number;
}

/** Manual 3.2 "user's messages": what the signed-in user has in their own mailboxes. */
export async function myVoicemail(db: Db, scope: Scope): Promise<MyVoicemail> {
  const empty: MyVoicemail = { heard: 0, unheard: 0, bytes: 0, mailboxes: [], siteLimit: null };
  const userId = scope.userId;
  const mine = userId ? and(visibleMessages(db, scope), eq(voicemailMessages.userId, userId)) : undefined;
  const [totals] = mine
    ? await db
        .select({
          heard: sql<number>`coalesce(sum(case when ${voicemailMessages.heard} = 1 then 1 else 0 end), 0)`,
          unheard: sql<number>`coalesce(sum(case when ${voicemailMessages.heard} = 0 then 1 else 0 end), 0)`,
          bytes: sql<number>`coalesce(sum(${voicemailMessages.audioBytes}), 0)`,
        })
        .from(voicemailMessages)
        .where(mine)
    : [];
  if (!userId || !totals) return { ...empty, siteLimit: await commonSiteLimit(db, scope) };
  const mailboxes = await ownMailboxes(db, scope, userId);
  return {
    heard: Number(totals.heard), unheard: Number(totals.unheard), bytes: Number(totals.bytes), mailboxes,
    siteLimit: mailboxes.length ? null : await commonSiteLimit(db, scope),
  };
}

/** The mailboxes of the user's linked extensions, plus any still holding messages left for them. */
async function ownMailboxes(db: Db, scope: Scope, userId: string): Promise<MailboxFill[]> {
  const [linked, received] = await Promise.all([
    db.select({ siteId: extensions.siteId, extension: extensions.number }).from(extensions)
      .where(and(eq(extensions.orgId, scope.orgId), eq(extensions.userId, userId), inScopeSites(extensions.siteId, scope))),
    db.selectDistinct({ siteId: voicemailMessages.siteId, extension: voicemailMessages.extension }).from(voicemailMessages)
      .where(and(eq(voicemailMessages.orgId, scope.orgId), eq(voicemailMessages.userId, userId), inScopeSites(voicemailMessages.siteId, scope))),
  ]);
  const boxes = new Map<string, { siteId: string; extension: string }>();
  for (const b of [...linked, ...received]) boxes.set(await mailboxIdFor(b.siteId, b.extension), b);
  if (!boxes.size) return [];
  const counts = new Map<string, number>();
  for (const ids of chunks([...boxes.keys()])) {
    const rows = await db.select({ mailboxId: voicemailMessages.mailboxId, count: sql<number>`count(*)` }).from(voicemailMessages)
      .where(and(eq(voicemailMessages.orgId, scope.orgId), inArray(voicemailMessages.mailboxId, ids))).groupBy(voicemailMessages.mailboxId);
    for (const r of rows) counts.set(r.mailboxId, Number(r.count));
  }
  const siteIds = [...new Set([...boxes.values()].map((b) => b.siteId))];
  const siteRows = new Map<string, { name: string; max: number }>();
  for (const ids of chunks(siteIds)) {
    const rows = await db.select({ id: sites.id, name: sites.name, max: sites.voicemailMaxMessages }).from(sites).where(and(eq(sites.orgId, scope.orgId), inArray(sites.id, ids)));
    for (const r of rows) siteRows.set(r.id, r);
  }
  return [...boxes.entries()]
    .flatMap(([id, b]) => {
      const site = siteRows.get(b.siteId);
      return site ? [{ siteName: site.name, extension: b.extension, count: counts.get(id) ?? 0, max: site.max }] : [];
    })
    .sort((a, b) => a.siteName.localeCompare(b.siteName) || a.extension.localeCompare(b.extension, undefined, { numeric: true }));
}

async function commonSiteLimit(db: Db, scope: Scope): Promise<number | null> {
  const rows = await db.selectDistinct({ max: sites.voicemailMaxMessages }).from(sites).where(and(eq(sites.orgId, scope.orgId), inScopeSites(sites.id, scope))).limit(2);
  return rows.length === 1 ? rows[0]!.max : null;
}

/** Where the calendar day holding `at` began in `timeZone`. */
export function startOfDay(at: Date, timeZone: string): Date {
  const day = protocolDate(at, timeZone);
  return dayStart(`${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`, timeZone) ?? at;
}

/** Manual 3.2 "system's messages"; `freeBytes` is the store's free space (storeFreeBytes), null when unknown. */
export async function systemVoicemail(db: Db, scope: Scope, now: Date, freeBytes: number | null): Promise<SystemVoicemail> {
  const visible = visibleMessages(db, scope);
  const timeZone = await organizationTimeZone(db, scope.orgId);
  const start = startOfDay(now, timeZone);
  // A time safely inside the next day (days last 23 to 25 hours) finds where it starts.
  const end = startOfDay(new Date(start.getTime() + 26 * 3_600_000), timeZone);
  const [[all], [today]] = await Promise.all([
    db.select({ total: sql<number>`count(*)`, bytes: sql<number>`coalesce(sum(${voicemailMessages.audioBytes}), 0)` }).from(voicemailMessages).where(visible),
    db.select({ count: sql<number>`count(*)` }).from(voicemailMessages)
      .where(and(visible, gte(voicemailMessages.receivedAt, start), lt(voicemailMessages.receivedAt, end))),
  ]);
  return {
    freeBytes,
    usedBytes: Number(all?.bytes ?? 0),
    total: Number(all?.total ?? 0),
    today: Number(today?.count ?? 0),
  };
}
