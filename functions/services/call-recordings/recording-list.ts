import { and, eq, exists, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db.js';
import type { MessageKey } from '../../i18n/index.js';
import { callRecordingNotes, callRecordingParticipants, callRecordings, sites, type CallType } from '../../../schema/index.js';
import type { Scope } from '../scope.js';
import { formatDateTime } from '../table/format.js';
import { likePattern } from '../table/list-query.js';
import { foldedColumn, type ListSpec } from '../table/list-spec.js';
import type { RecordingFilter, RecordingListRow } from './recording-contract.js';
import { recordingVisibility } from './recording-visibility.js';

export const CALL_TYPE_KEYS: Record<CallType, MessageKey> = { made: 'vrec.type.made', received: 'vrec.type.received', internal: 'vrec.type.internal' };

/** A call's length as m:ss, or h:mm:ss from an hour on (calls, unlike voicemail, run long). */
export function formatCallDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const participantWhere = (db: Db, condition: SQL) =>
  exists(db.select({ one: sql`1` }).from(callRecordingParticipants).where(and(eq(callRecordingParticipants.recordingId, callRecordings.id), condition)));

/**
 * The filters of the recordings table. `to` is exclusive, like every period in Ramal. The
 * extension is matched exactly against the internal participants (an extension that joined by
 * transfer counts, not only the "access" one); the number is a part of any outside number, since
 * PBXs write the same caller with or without country and area codes.
 */
export function recordingFilterCondition(db: Db, filter: RecordingFilter): SQL | undefined {
  const extension = filter.extension?.trim();
  const number = filter.number?.trim();
  return and(
    filter.from ? gte(callRecordings.startedAt, new Date(filter.from)) : undefined,
    filter.to ? lt(callRecordings.startedAt, new Date(filter.to)) : undefined,
    filter.type ? eq(callRecordings.type, filter.type) : undefined,
    filter.siteId ? eq(callRecordings.siteId, filter.siteId) : undefined,
    extension ? or(eq(callRecordings.access, extension), participantWhere(db, and(eq(callRecordingParticipants.internal, true), eq(callRecordingParticipants.number, extension))!)) : undefined,
    number
      ? or(
          sql`${callRecordings.identification} like ${likePattern(number)} escape '\\'`,
          participantWhere(db, and(eq(callRecordingParticipants.internal, false), sql`${callRecordingParticipants.number} like ${likePattern(number)} escape '\\'`)!),
        )
      : undefined,
  );
}

export function recordingSelect(db: Db) {
  return db
    .select({
      id: callRecordings.id, siteId: callRecordings.siteId, siteName: sites.name, timeZone: sites.timeZone, protocol: callRecordings.protocol, type: callRecordings.type,
      access: callRecordings.access, identification: callRecordings.identification, startedAt: callRecordings.startedAt, durationMs: callRecordings.durationMs,
      channels: callRecordings.channels,
      notes: sql<number>`(select count(*) from ${callRecordingNotes} where ${callRecordingNotes.recordingId} = ${callRecordings.id})`.mapWith(Number),
    })
    .from(callRecordings)
    .innerJoin(sites, eq(sites.id, callRecordings.siteId));
}

/** The recordings table (manual 5.3): the calls the actor may see, newest first. */
export function recordingListSpec(db: Db, scope: Scope, filter: RecordingFilter = {}): ListSpec<RecordingListRow> {
  const base = (where: SQL | undefined) => and(recordingVisibility(db, scope), recordingFilterCondition(db, filter), where);
  return {
    defaultSort: '-start',
    idColumn: callRecordings.id,
    columns: [
      { key: 'start', label: 'vrec.date', sortBy: callRecordings.startedAt, sortValue: (r) => r.startedAt.getTime(), text: (r, ctx) => formatDateTime(r.startedAt, { locale: ctx.locale, timeZone: r.timeZone }), width: 2 },
      { key: 'protocol', label: 'vrec.protocol', sortBy: callRecordings.protocol, sortValue: (r) => r.protocol, search: foldedColumn(callRecordings.searchText), text: (r) => r.protocol, width: 2 },
      { key: 'type', label: 'vrec.type', text: (r, ctx) => ctx.t(CALL_TYPE_KEYS[r.type]), width: 1 },
      { key: 'access', label: 'vrec.access', sortBy: callRecordings.access, sortValue: (r) => r.access, text: (r) => r.access, width: 1 },
      { key: 'identification', label: 'vrec.identification', sortBy: callRecordings.identification, sortValue: (r) => r.identification, text: (r) => r.identification, width: 2 },
      { key: 'duration', label: 'vrec.duration', sortBy: callRecordings.durationMs, sortValue: (r) => r.durationMs, text: (r) => formatCallDuration(r.durationMs), width: 1 },
      { key: 'notes', label: 'vrec.notes', text: (r) => String(r.notes), width: 1 },
    ],
    fetch: (where, orderBy, limit, offset) => recordingSelect(db).where(base(where)).orderBy(...orderBy).limit(limit).offset(offset),
    count: async (where) => {
      const [row] = await db.select({ n: sql<number>`count(*)` }).from(callRecordings).where(base(where));
      return Number(row?.n ?? 0);
    },
  };
}
