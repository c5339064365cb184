import { z } from 'zod';
import type { CallType } from '../../../schema/tables/call-recordings.js';

/**
 * v-rec (manual 5) as its pieces see each other. Several engineers build it at once against this
 * file: the ingest and rules (recording-ingest.ts, recording-settings.ts), the records
 * (recording-list.ts, recording-read.ts, recording-notes.ts, recording-actions.ts), the web pages and
 * the settings page. Change it only together.
 */

/** The fields of the recordings e-mail template (manual 5.3): date, protocol, from, to. */
export const RECORDING_MAIL_FIELDS = ['date', 'protocol', 'from', 'to'] as const;

/** GET/PUT /api/v1/recordings/settings (vrec.configure), and the settings page. */
export const RecordingSettingsInputSchema = z.object({
  minDurationSeconds: z.coerce.number().int().min(0, 'vrec.err.minDuration').max(3600, 'vrec.err.minDuration').optional(),
  /** Users of the organization whose calls are not kept. */
  excludedUserIds: z.array(z.string().min(1)).max(1000).optional(),
  discardIfAnyExcluded: z.boolean().optional(),
  /** Days to keep recordings; null keeps them for ever. */
  retentionDays: z.coerce.number().int().min(1, 'vrec.err.retention').max(36500, 'vrec.err.retention').nullable().optional(),
  /** By language; subject and body may use {date} {protocol} {from} {to}. */
  templates: z.partialRecord(z.enum(['pt-BR', 'en', 'es']), z.object({ subject: z.string().trim().min(1).max(300), body: z.string().min(1).max(5000) })).optional(),
});
export type RecordingSettingsInput = z.infer<typeof RecordingSettingsInputSchema>;

export interface RecordingSettingsView {
  minDurationSeconds: number;
  excludedUsers: { id: string; fullName: string; email: string }[];
  discardIfAnyExcluded: boolean;
  retentionDays: number | null;
  templates: Record<'pt-BR' | 'en' | 'es', { subject: string; body: string }>;
}

/** One row of the recordings table (manual 5.3). */
export interface RecordingListRow {
  id: string;
  siteId: string;
  siteName: string;
  timeZone: string;
  protocol: string;
  type: CallType;
  access: string;
  identification: string;
  startedAt: Date;
  durationMs: number;
  channels: number;
  notes: number;
}

/** GET /api/v1/recordings filters beside the data table's q, sort, page, pageSize and format. */
export const RecordingFilterSchema = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  extension: z.string().max(40).optional(),
  number: z.string().max(80).optional(),
  type: z.enum(['made', 'received', 'internal']).optional(),
  siteId: z.string().optional(),
});
export type RecordingFilter = z.infer<typeof RecordingFilterSchema>;

export interface RecordingParticipant {
  number: string;
  name: string;
  internal: boolean;
  channel: number | null;
  joinedAt: Date;
  leftAt: Date | null;
}

export interface RecordingNote {
  id: string;
  authorId: string | null;
  authorName: string;
  body: string;
  createdAt: Date;
}

export type RecordingDetails = RecordingListRow & { endedAt: Date; source: 'siprec' | 'sip'; callRef: string; participants: RecordingParticipant[]; noteList: RecordingNote[] };

export const NoteInputSchema = z.object({ body: z.string().trim().min(1, 'err.required').max(4000) });

/**
 * The services the pages and the API call (implemented by the records engineer, G1), by file:
 *   recording-visibility.ts  recordingVisibility(db, scope): SQL condition on call_recordings
 *                            (administrators all; supervisors their groups' users' calls; users their own)
 *   recording-list.ts        recordingListSpec(db, scope, filter: RecordingFilter): ListSpec<RecordingListRow>
 *   recording-read.ts        getRecording(db, scope, id): Promise<RecordingDetails>   (404 when hidden)
 *   recording-notes.ts       addRecordingNote(deps, scope, id, body): Promise<RecordingNote>
 *   recording-actions.ts     openRecordingAudio(deps, scope, id, format, range?) (like voicemail inbox-audio),
 *                            deleteRecordings(deps, scope, ids, via: 'web' | 'api'): Promise<number>,
 *                            emailRecordingsToSelf(deps, scope, ids, format): Promise<number>,
 *                            recordingsZip(deps, scope, ids, format): ReadableStream (fflate)
 *   call-recording-set.ts    callRecordings: RecordingSet (module 'calls'), registered in RECORDING_SETS
 * The settings (F): recording-settings.ts getRecordingSettings(db, scope): RecordingSettingsView,
 * saveRecordingSettings(db, scope, input, now). The e-mail template: recording-mail-template.ts.
 */
