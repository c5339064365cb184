import { and, asc, eq, inArray } from 'drizzle-orm';
import type { BatchItem, Db } from '../../db.js';
import type { Deps } from '../../deps.js';
import { audioItems, conferenceParticipants, conferenceSessions, users, type AudioFile } from '../../../schema/index.js';
import { fieldError, notFound } from '../../errors.js';
import { INTL_LOCALE } from '../../i18n/index.js';
import { queueMail } from '../mail/send-mail.js';
import type { Scope } from '../scope.js';
import { formatDateTime } from '../table/format.js';
import { mailLanguage } from '../voicemail/voicemail-defaults.js';
import { AUDIO_CONTENT_TYPES, deleteBlobs, type AudioFormat } from '../voicemail/voicemail-audio.js';
import { fillRecordingTemplate, recordingTemplate } from './conference-settings.js';
import { historyCondition, historySelect, toHistoryRow, type HistoryRow } from './history-list.js';

const chunk = <T>(items: T[], size = 50): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));
export const MAX_EMAIL_RECORDINGS = 50;

export interface HistoryParticipant {
  id: string;
  callerNumber: string;
  callerName: string;
  role: 'admin' | 'participant';
  joinedAt: Date;
  leftAt: Date | null;
}

type HistoryWithAudio = HistoryRow & { recordingAudioId: string | null };

/** History entries among `ids` the actor may see; unknown or hidden ones are left out. */
export async function visibleHistoryRows(db: Db, scope: Scope, ids: string[]): Promise<HistoryWithAudio[]> {
  const out: HistoryWithAudio[] = [];
  for (const part of chunk([...new Set(ids)])) {
    const rows = await historySelect(db).where(and(historyCondition(db, scope), inArray(conferenceSessions.id, part)));
    out.push(...rows.map((r) => ({ ...toHistoryRow(r), recordingAudioId: r.recordingAudioId })));
  }
  return out;
}

export async function getHistory(db: Db, scope: Scope, id: string): Promise<HistoryWithAudio & { participantList: HistoryParticipant[] }> {
  const [row] = await visibleHistoryRows(db, scope, [id]);
  if (!row) throw notFound('conference history');
  const participantList = await db
    .select({ id: conferenceParticipants.id, callerNumber: conferenceParticipants.callerNumber, callerName: conferenceParticipants.callerName, role: conferenceParticipants.role, joinedAt: conferenceParticipants.joinedAt, leftAt: conferenceParticipants.leftAt })
    .from(conferenceParticipants)
    .where(eq(conferenceParticipants.sessionId, row.id))
    .orderBy(asc(conferenceParticipants.joinedAt), asc(conferenceParticipants.id));
  return { ...row, participantList };
}

/** One encoding of an entry's recording; 404 when it has none. */
export async function recordingFile(db: Db, orgId: string, row: { recordingAudioId: string | null }, format: AudioFormat): Promise<AudioFile | null> {
  if (!row.recordingAudioId) throw notFound('conference recording');
  const [item] = await db.select({ files: audioItems.files }).from(audioItems).where(and(eq(audioItems.id, row.recordingAudioId), eq(audioItems.orgId, orgId)));
  return item?.files[format] ?? null;
}

/** Deletes history entries with their participants and recordings (rows in one batch, then the files). */
export async function deleteHistory(deps: Pick<Deps, 'db' | 'blobs' | 'log'>, scope: Scope, ids: string[]): Promise<number> {
  const { db } = deps;
  const rows = await visibleHistoryRows(db, scope, ids);
  if (!rows.length) return 0;
  const keys: string[] = [];
  const items: BatchItem[] = [];
  for (const part of chunk(rows)) {
    const sessionIds = part.map((r) => r.id);
    const audioIds = part.flatMap((r) => (r.recordingAudioId ? [r.recordingAudioId] : []));
    if (audioIds.length) {
      for (const f of await db.select({ files: audioItems.files }).from(audioItems).where(and(eq(audioItems.orgId, scope.orgId), inArray(audioItems.id, audioIds)))) keys.push(f.files.wav.key, f.files.gsm.key, f.files.mp3.key);
      items.push(db.delete(audioItems).where(and(eq(audioItems.orgId, scope.orgId), inArray(audioItems.id, audioIds))));
    }
    items.push(db.delete(conferenceParticipants).where(inArray(conferenceParticipants.sessionId, sessionIds)));
    items.push(db.delete(conferenceSessions).where(and(eq(conferenceSessions.orgId, scope.orgId), inArray(conferenceSessions.id, sessionIds))));
  }
  await db.batch(items as [BatchItem, ...BatchItem[]]);
  await deleteBlobs(deps.blobs, keys, deps.log);
  return rows.length;
}

/**
 * "Send by e-mail" (manual 4.4.1): one e-mail per recording to the signed-in user's own address,
 * with the organization's template in the user's language. Entries without a recording are skipped.
 */
export async function emailRecordingsToSelf(deps: Pick<Deps, 'db' | 'now'>, scope: Scope, ids: string[], format: AudioFormat): Promise<number> {
  const { db } = deps;
  if (!scope.userId) throw fieldError('ids', 'only a signed-in user can have recordings sent to their e-mail');
  if (new Set(ids).size > MAX_EMAIL_RECORDINGS) throw fieldError('ids', `at most ${MAX_EMAIL_RECORDINGS} recordings at once`);
  const [me] = await db.select({ email: users.email, language: users.language }).from(users).where(and(eq(users.id, scope.userId), eq(users.orgId, scope.orgId)));
  if (!me) throw notFound('user');
  const rows = (await visibleHistoryRows(db, scope, ids)).filter((r) => r.recordingAudioId);
  const lang = mailLanguage(me.language);
  const template = await recordingTemplate(db, scope.orgId, lang);
  const now = deps.now();
  const items: BatchItem[] = [];
  for (const row of rows) {
    const file = await recordingFile(db, scope.orgId, row, format);
    if (!file) continue;
    const fmt = { locale: INTL_LOCALE[lang], timeZone: row.timeZone };
    const fields = { name: row.subject || row.number, room: row.number, start: formatDateTime(row.startedAt, fmt), end: row.endedAt ? formatDateTime(row.endedAt, fmt) : '' };
    const mail = queueMail(
      db,
      {
        orgId: scope.orgId, siteId: row.siteId, to: [me.email], subject: fillRecordingTemplate(template.subject, fields).replace(/[\r\n\t]+/g, ' ').trim().slice(0, 300) || row.number,
        text: fillRecordingTemplate(template.body, fields), attachments: [{ filename: `conference-${row.number}-${row.startedAt.toISOString().slice(0, 10)}.${format}`, contentType: AUDIO_CONTENT_TYPES[format], blobKey: file.key }],
        purpose: 'conference.recording', createdBy: scope.userId,
      },
      now,
    );
    items.push(...mail.items);
  }
  if (items.length) await db.batch(items as [BatchItem, ...BatchItem[]]);
  return items.length / 2;
}
