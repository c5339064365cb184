import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { conferenceParticipants, conferenceSessions, sites, users } from '../../../schema/index.js';
import type { Scope } from '../scope.js';
import { formatDateTime } from '../table/format.js';
import type { ListSpec } from '../table/list-spec.js';
import { formatDuration } from '../voicemail/inbox-list.js';
import { visibleSessions } from './conference-visibility.js';

export interface HistoryRow {
  id: string;
  siteId: string;
  roomId: string;
  number: string;
  subject: string;
  creatorName: string | null;
  startedAt: Date;
  endedAt: Date | null;
  durationMs: number;
  participants: number;
  hasRecording: boolean;
  recordingBytes: number;
  timeZone: string;
}

export const participantCount = sql<number>`(select count(*) from ${conferenceParticipants} where ${conferenceParticipants.sessionId} = ${conferenceSessions.id})`;
const durationExpr = sql<number>`coalesce(${conferenceSessions.endedAt} - ${conferenceSessions.startedAt}, 0)`;

/** Sessions the actor may see that someone joined: a room nobody entered has no history (manual 4.4). */
export function historyCondition(db: Db, scope: Scope): SQL {
  return and(visibleSessions(db, scope), sql`${participantCount} > 0`)!;
}

export function historySelect(db: Db) {
  return db
    .select({
      id: conferenceSessions.id, siteId: conferenceSessions.siteId, roomId: conferenceSessions.roomId, number: conferenceSessions.number, subject: conferenceSessions.subject,
      creatorName: users.fullName, startedAt: conferenceSessions.startedAt, endedAt: conferenceSessions.endedAt, durationMs: durationExpr, participants: participantCount,
      recordingAudioId: conferenceSessions.recordingAudioId, recordingBytes: conferenceSessions.recordingBytes, timeZone: sites.timeZone,
    })
    .from(conferenceSessions)
    .innerJoin(sites, eq(sites.id, conferenceSessions.siteId))
    .leftJoin(users, eq(users.id, conferenceSessions.createdBy));
}

export const toHistoryRow = ({ recordingAudioId, ...r }: Awaited<ReturnType<ReturnType<typeof historySelect>['where']>>[number]): HistoryRow => ({
  ...r, durationMs: Number(r.durationMs), participants: Number(r.participants), hasRecording: recordingAudioId !== null,
});

/** The history table (manual 4.4): newest first. */
export function historyListSpec(db: Db, scope: Scope): ListSpec<HistoryRow> {
  const base = (where: SQL | undefined) => and(historyCondition(db, scope), where);
  return {
    defaultSort: '-started',
    idColumn: conferenceSessions.id,
    columns: [
      { key: 'creator', label: 'conference.creator', sortBy: sql`coalesce(${users.fullName}, '') collate nocase`, sortValue: (r) => r.creatorName ?? '', search: sql`coalesce(${users.fullName}, '')`, text: (r) => r.creatorName ?? '', width: 2 },
      { key: 'subject', label: 'conference.subject', sortBy: sql`${conferenceSessions.subject} collate nocase`, sortValue: (r) => r.subject, search: conferenceSessions.subject, text: (r) => r.subject, width: 3 },
      { key: 'number', label: 'conference.number', sortBy: conferenceSessions.number, sortValue: (r) => r.number, search: conferenceSessions.number, text: (r) => r.number, width: 1 },
      { key: 'started', label: 'conference.startedAt', sortBy: conferenceSessions.startedAt, sortValue: (r) => r.startedAt.getTime(), text: (r, ctx) => formatDateTime(r.startedAt, { locale: ctx.locale, timeZone: r.timeZone }), width: 2 },
      { key: 'duration', label: 'conference.duration', sortBy: durationExpr, sortValue: (r) => r.durationMs, text: (r) => formatDuration(r.durationMs), width: 1 },
      { key: 'participants', label: 'conference.participants', sortBy: participantCount, sortValue: (r) => r.participants, text: (r) => String(r.participants), width: 1 },
      { key: 'recording', label: 'conference.recording', text: (r, ctx) => ctx.t(r.hasRecording ? 'conference.yes' : 'conference.no'), width: 1 },
    ],
    fetch: async (where, orderBy, limit, offset) => (await historySelect(db).where(base(where)).orderBy(...orderBy).limit(limit).offset(offset)).map(toHistoryRow),
    count: async (where) => {
      const [row] = await db.select({ n: sql<number>`count(*)` }).from(conferenceSessions).leftJoin(users, eq(users.id, conferenceSessions.createdBy)).where(base(where));
      return Number(row?.n ?? 0);
    },
  };
}
