import { and, asc, eq, inArray } from 'drizzle-orm';
import type { BatchItem, Db } from '../../db.js';
import type { Deps } from '../../deps.js';
import { audioItems, callRecordingNotes, callRecordingParticipants, callRecordings, sites, users, type AudioFiles } from '../../../schema/index.js';
import { INTL_LOCALE } from '../../i18n/index.js';
import { ApiError, fieldError, notFound } from '../../errors.js';
import { can, type Action } from '../auth/permissions.js';
import { domainEvent } from '../events/domain-event.js';
import { queueMail } from '../mail/send-mail.js';
import type { Scope } from '../scope.js';
import { audioResponse } from '../voicemail/inbox-audio.js';
import { AUDIO_CONTENT_TYPES, deleteBlobs, type AudioFormat } from '../voicemail/voicemail-audio.js';
import { mailLanguage } from '../voicemail/voicemail-defaults.js';
import { formatDateTime } from '../table/format.js';
import { fillRecordingMail, recordingMailTemplate, type RecordingMailField } from './recording-mail-template.js';
import { zipStream, type ZipSource } from '../voicemail/voicemail-zip.js';
import { visibleRecordingRows, type CallRecordingRow } from './recording-read.js';
import { recordingVisibility } from './recording-visibility.js';

/** A ZIP is built while it is sent; the cap keeps one request's work (and a mistaken "select all") bounded. */
export const MAX_ZIP_RECORDINGS = 200;
/** One e-mail per recording, each with its audio: fewer than a ZIP, since every one is a message in the inbox. */
export const MAX_EMAIL_RECORDINGS = 50;
export const RECORDING_MAIL_PURPOSE = 'recording.forward';

export type RecordingDeleteVia = 'web' | 'api' | 'maintenance' | 'retention';

const chunks = <T>(items: T[], size = 50): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

export function requireVrec(scope: Scope, action: Action): void {
  if (!can(scope.grants, 'vrec', action)) throw new ApiError('FORBIDDEN', `missing permission vrec.${action}`);
}

/** The stored files of audio items of the organization, by item id. */
export async function audioFilesOf(db: Db, orgId: string, audioIds: string[]): Promise<Map<string, AudioFiles>> {
  const out = new Map<string, AudioFiles>();
  for (const part of chunks([...new Set(audioIds)])) {
    for (const r of await db.select({ id: audioItems.id, files: audioItems.files }).from(audioItems).where(and(eq(audioItems.orgId, orgId), inArray(audioItems.id, part)))) out.set(r.id, r.files);
  }
  return out;
}

/**
 * A recording's audio as an HTTP answer (the page's player and downloads): 200 whole, 206 for a
 * `Range`, 416 past the end. `download` names the file by protocol. Needs vrec.listen.
 */
export async function openRecordingAudio(deps: Pick<Deps, 'db' | 'blobs'>, scope: Scope, id: string, format: AudioFormat, range?: string, options: { download?: boolean } = {}): Promise<Response> {
  requireVrec(scope, 'listen');
  const [recording] = await visibleRecordingRows(deps.db, scope, [id]);
  const file = (await audioFilesOf(deps.db, scope.orgId, [recording!.audioId])).get(recording!.audioId)?.[format] ?? null;
  return audioResponse(deps.blobs, file, format, range, options.download ? `${recording!.protocol}.${format}` : null);
}

/**
 * Deletes the recordings among `ids` the scope may see, with their participants, notes and audio
 * items and one recording.deleted event each, in one batch; the stored files go afterwards (a
 * failure there is logged: the recording is gone either way). Returns how many went.
 */
export async function removeRecordings(deps: Pick<Deps, 'db' | 'blobs' | 'log' | 'now'>, scope: Scope, ids: string[], via: RecordingDeleteVia): Promise<number> {
  const { db } = deps;
  const now = deps.now();
  const items: BatchItem[] = [];
  const rows: CallRecordingRow[] = [];
  for (const part of chunks([...new Set(ids)])) rows.push(...(await db.select().from(callRecordings).where(and(recordingVisibility(db, scope), inArray(callRecordings.id, part)))));
  if (!rows.length) return 0;
  const files = await audioFilesOf(db, scope.orgId, rows.map((r) => r.audioId));
  const keys = [...files.values()].flatMap((f) => (['wav', 'gsm', 'mp3'] as const).flatMap((format) => (f[format] ? [f[format].key] : [])));
  for (const part of chunks(rows)) {
    const recordingIds = part.map((r) => r.id);
    items.push(
      db.delete(callRecordingNotes).where(and(eq(callRecordingNotes.orgId, scope.orgId), inArray(callRecordingNotes.recordingId, recordingIds))),
      db.delete(callRecordingParticipants).where(and(eq(callRecordingParticipants.orgId, scope.orgId), inArray(callRecordingParticipants.recordingId, recordingIds))),
      db.delete(callRecordings).where(and(eq(callRecordings.orgId, scope.orgId), inArray(callRecordings.id, recordingIds))),
      db.delete(audioItems).where(and(eq(audioItems.orgId, scope.orgId), inArray(audioItems.id, part.map((r) => r.audioId)))),
    );
  }
  for (const r of rows) items.push(domainEvent(db, r.orgId, r.siteId, 'recording.deleted', { recordingId: r.id, protocol: r.protocol, via }, now));
  await db.batch(items as [BatchItem, ...BatchItem[]]);
  await deleteBlobs(deps.blobs, keys, deps.log);
  return rows.length;
}

/**
 * "Excluir marcados" (manual 5.3.1): every id must be a recording the actor may see, else nothing
 * is deleted and the answer is "not found". Needs vrec.delete.
 */
export async function deleteRecordings(deps: Pick<Deps, 'db' | 'blobs' | 'log' | 'now'>, scope: Scope, ids: string[], via: RecordingDeleteVia): Promise<number> {
  requireVrec(scope, 'delete');
  const rows = await visibleRecordingRows(deps.db, scope, ids);
  return removeRecordings(deps, scope, rows.map((r) => r.id), via);
}

/**
 * Several recordings as one streamed ZIP of `<protocol>.<ext>` files (manual 5.3.1 "Download"
 * of the selected ones). Every id must be visible and have its audio stored. Needs vrec.export.
 */
export async function recordingsZip(deps: Pick<Deps, 'db' | 'blobs'>, scope: Scope, ids: string[], format: AudioFormat): Promise<ReadableStream<Uint8Array>> {
  const { db, blobs } = deps;
  requireVrec(scope, 'export');
  if (new Set(ids).size > MAX_ZIP_RECORDINGS) throw fieldError('ids', `at most ${MAX_ZIP_RECORDINGS} recordings per download`);
  if (!blobs) throw new ApiError('NOT_CONFIGURED', 'no object storage is configured');
  const rows = await visibleRecordingRows(db, scope, ids);
  const files = await audioFilesOf(db, scope.orgId, rows.map((r) => r.audioId));
  const entries = rows.map((r): ZipSource => {
    const file = files.get(r.audioId)?.[format];
    if (!file) throw notFound(`audio of ${r.protocol}`);
    return { name: `${r.protocol}.${format}`, mtime: r.startedAt, open: () => blobs.get(file.key) };
  });
  return zipStream(entries);
}

type Party = { number: string; name: string; internal: boolean };
const partyText = (p: Party) => (p.name.trim() && p.number ? `${p.name.trim()} <${p.number}>` : p.name.trim() || p.number);

/**
 * {from} and {to} of the template: who called whom. A made call goes from the access extension
 * to the outside number, a received one the other way; an internal call from the first extension
 * to the others. Each party by name and number where the recording knows both.
 */
export function mailParties(recording: Pick<CallRecordingRow, 'type' | 'access' | 'identification'>, participants: Party[]): { from: string; to: string } {
  const find = (number: string, internal: boolean): string => partyText(participants.find((p) => p.number === number && p.internal === internal) ?? { number, name: '', internal });
  const access = recording.access ? find(recording.access, true) : '';
  const outside = recording.identification ? find(recording.identification, false) : '';
  if (recording.type === 'made') return { from: access, to: outside };
  if (recording.type === 'received') return { from: outside, to: access };
  const others = participants.filter((p) => p.internal && p.number !== recording.access).map(partyText);
  return { from: access, to: [...new Set(others)].join(', ') };
}

async function participantsOf(db: Db, orgId: string, ids: string[]): Promise<Map<string, Party[]>> {
  const out = new Map<string, Party[]>();
  for (const part of chunks(ids)) {
    const rows = await db
      .select({ recordingId: callRecordingParticipants.recordingId, number: callRecordingParticipants.number, name: callRecordingParticipants.name, internal: callRecordingParticipants.internal })
      .from(callRecordingParticipants)
      .where(and(eq(callRecordingParticipants.orgId, orgId), inArray(callRecordingParticipants.recordingId, part)))
      .orderBy(asc(callRecordingParticipants.joinedAt), asc(callRecordingParticipants.id));
    for (const r of rows) out.set(r.recordingId, [...(out.get(r.recordingId) ?? []), r]);
  }
  return out;
}

/**
 * "Enviar por e-mail" (manual 5.3.1): one e-mail per recording, with its audio attached, to the
 * signed-in user's own address (never one typed in, so the table cannot mail audio anywhere), in
 * their language with the organization's recordings template. Needs vrec.email. Returns how many
 * e-mails were queued.
 */
export async function emailRecordingsToSelf(deps: Pick<Deps, 'db' | 'now'>, scope: Scope, ids: string[], format: AudioFormat): Promise<number> {
  const { db } = deps;
  requireVrec(scope, 'email');
  if (!scope.userId) throw fieldError('ids', 'only a signed-in user can have recordings sent to their e-mail');
  if (new Set(ids).size > MAX_EMAIL_RECORDINGS) throw fieldError('ids', `at most ${MAX_EMAIL_RECORDINGS} recordings at once`);
  const [me] = await db.select({ email: users.email, language: users.language }).from(users).where(and(eq(users.id, scope.userId), eq(users.orgId, scope.orgId)));
  if (!me) throw notFound('user');
  const rows = await visibleRecordingRows(db, scope, ids);
  const lang = mailLanguage(me.language);
  const template = await recordingMailTemplate(db, scope.orgId, lang);
  const files = await audioFilesOf(db, scope.orgId, rows.map((r) => r.audioId));
  const parties = await participantsOf(db, scope.orgId, rows.map((r) => r.id));
  const zones = new Map<string, string>();
  for (const part of chunks([...new Set(rows.map((r) => r.siteId))])) {
    for (const s of await db.select({ id: sites.id, timeZone: sites.timeZone }).from(sites).where(inArray(sites.id, part))) zones.set(s.id, s.timeZone);
  }
  const now = deps.now();
  const items: BatchItem[] = [];
  for (const r of rows) {
    const file = files.get(r.audioId)?.[format];
    if (!file) throw notFound(`audio of ${r.protocol}`);
    const fields: Record<RecordingMailField, string> = {
      date: formatDateTime(r.startedAt, { locale: INTL_LOCALE[lang], timeZone: zones.get(r.siteId) ?? 'UTC' }),
      protocol: r.protocol,
      ...mailParties(r, parties.get(r.id) ?? []),
    };
    const mail = queueMail(
      db,
      {
        orgId: scope.orgId, siteId: r.siteId, to: [me.email],
        // A template may hold a line break in the subject; headers cannot.
        subject: fillRecordingMail(template.subject, fields).replace(/[\r\n\t]+/g, ' ').trim().slice(0, 300) || r.protocol,
        text: fillRecordingMail(template.body, fields),
        attachments: [{ filename: `${r.protocol}.${format}`, contentType: AUDIO_CONTENT_TYPES[format], blobKey: file.key }],
        purpose: RECORDING_MAIL_PURPOSE, createdBy: scope.userId,
      },
      now,
    );
    items.push(...mail.items);
  }
  if (items.length) await db.batch(items as [BatchItem, ...BatchItem[]]);
  return rows.length;
}
