import { and, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db.js';
import type { MessageKey } from '../../i18n/index.js';
import { sites, users, voicemailMessages, type DivertReasonValue } from '../../../schema/index.js';
import type { Scope } from '../scope.js';
import { formatDateTime } from '../table/format.js';
import { foldedColumn, type ListSpec } from '../table/list-spec.js';
import { visibleMessages } from './voicemail-visibility.js';

/** A date (the whole day, UTC) or a date-time with its offset. */
const Instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

/** The inbox's own filters on top of the data table's query (issue 5, "Interfaces others rely on"). */
export const InboxFiltersSchema = z.object({
  mailbox: z.string().min(1).max(64).optional(),
  heard: z.enum(['true', 'false']).optional(),
  from: Instant.optional(),
  to: Instant.optional(),
});
export type InboxFilters = z.infer<typeof InboxFiltersSchema>;

export interface InboxRow {
  id: string;
  siteId: string;
  mailboxId: string;
  protocol: string;
  receivedAt: Date;
  timeZone: string;
  callerName: string;
  callerNumber: string;
  extension: string;
  ownerName: string | null;
  divertReason: DivertReasonValue;
  durationMs: number;
  heard: boolean;
  audioBytes: number;
}

export const REASON_KEYS: Record<DivertReasonValue, MessageKey> = {
  busy: 'voicemail.reason.busy',
  'no-answer': 'voicemail.reason.noAnswer',
  unavailable: 'voicemail.reason.unavailable',
  unconditional: 'voicemail.reason.unconditional',
  unknown: 'voicemail.reason.unknown',
};

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export const callerText = (r: Pick<InboxRow, 'callerName' | 'callerNumber'>) => [r.callerName, r.callerNumber].filter(Boolean).join(' · ');
export const mailboxText = (r: Pick<InboxRow, 'extension' | 'ownerName'>) => [r.extension, r.ownerName].filter(Boolean).join(' · ');

function instant(value: string, endOfDay: boolean): Date {
  if (value.length > 10) return new Date(value);
  const day = new Date(`${value}T00:00:00Z`);
  return endOfDay ? new Date(day.getTime() + 86_400_000) : day;
}

function filterCondition(filters: InboxFilters): SQL | undefined {
  return and(
    filters.mailbox ? eq(voicemailMessages.mailboxId, filters.mailbox) : undefined,
    filters.heard ? eq(voicemailMessages.heard, filters.heard === 'true') : undefined,
    filters.from ? gte(voicemailMessages.receivedAt, instant(filters.from, false)) : undefined,
    // A bare date as the end of the period includes that whole day.
    filters.to ? (filters.to.length > 10 ? sql`${voicemailMessages.receivedAt} <= ${instant(filters.to, false).getTime()}` : lt(voicemailMessages.receivedAt, instant(filters.to, true))) : undefined,
  );
}

export function inboxSelect(db: Db) {
  return db
    .select({
      id: voicemailMessages.id, siteId: voicemailMessages.siteId, mailboxId: voicemailMessages.mailboxId, protocol: voicemailMessages.protocol,
      receivedAt: voicemailMessages.receivedAt, timeZone: sites.timeZone, callerName: voicemailMessages.callerName, callerNumber: voicemailMessages.callerNumber,
      extension: voicemailMessages.extension, ownerName: users.fullName, divertReason: voicemailMessages.divertReason, durationMs: voicemailMessages.durationMs,
      heard: voicemailMessages.heard, audioBytes: voicemailMessages.audioBytes,
    })
    .from(voicemailMessages)
    .innerJoin(sites, eq(sites.id, voicemailMessages.siteId))
    .leftJoin(users, eq(users.id, voicemailMessages.userId));
}

/** The inbox (manual 3.3): the messages the actor may see, newest first. */
export function inboxListSpec(db: Db, scope: Scope, filters: InboxFilters = {}): ListSpec<InboxRow> {
  const base = (where: SQL | undefined) => and(visibleMessages(db, scope), filterCondition(filters), where);
  return {
    defaultSort: '-received',
    idColumn: voicemailMessages.id,
    columns: [
      { key: 'received', label: 'voicemail.received', sortBy: voicemailMessages.receivedAt, sortValue: (r) => r.receivedAt.getTime(), text: (r, ctx) => formatDateTime(r.receivedAt, { locale: ctx.locale, timeZone: r.timeZone }), width: 2 },
      { key: 'protocol', label: 'voicemail.protocol', sortBy: voicemailMessages.protocol, sortValue: (r) => r.protocol, search: foldedColumn(voicemailMessages.searchText), text: (r) => r.protocol, width: 2 },
      { key: 'from', label: 'voicemail.from', sortBy: voicemailMessages.callerNumber, sortValue: (r) => r.callerNumber, text: callerText, width: 3 },
      { key: 'to', label: 'voicemail.to', sortBy: voicemailMessages.extension, sortValue: (r) => r.extension, search: sql`coalesce(${users.fullName}, '')`, text: mailboxText, width: 3 },
      { key: 'reason', label: 'voicemail.reason', text: (r, ctx) => ctx.t(REASON_KEYS[r.divertReason]), width: 2 },
      { key: 'duration', label: 'voicemail.duration', sortBy: voicemailMessages.durationMs, sortValue: (r) => r.durationMs, text: (r) => formatDuration(r.durationMs), width: 1 },
      { key: 'heard', label: 'voicemail.heard', sortBy: sql`${voicemailMessages.heard}`, sortValue: (r) => (r.heard ? 1 : 0), text: (r, ctx) => ctx.t(r.heard ? 'voicemail.heardYes' : 'voicemail.heardNo'), width: 1 },
    ],
    fetch: (where, orderBy, limit, offset) => inboxSelect(db).where(base(where)).orderBy(...orderBy).limit(limit).offset(offset),
    count: async (where) => {
      const [row] = await db.select({ n: sql<number>`count(*)` }).from(voicemailMessages).leftJoin(users, eq(users.id, voicemailMessages.userId)).where(base(where));
      return Number(row?.n ?? 0);
    },
  };
}
