import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, orgId, updatedAt } from './columns.js';

/** Made: an internal extension called out; received: the call came in; internal: extension to extension. */
export const CALL_TYPES = ['made', 'received', 'internal'] as const;
export type CallType = (typeof CALL_TYPES)[number];

/**
 * One recorded call (manual 5.3). Its audio (stereo WAV for SIPREC, one side per channel; mono for
 * a plain recording leg; GSM and MP3 mono) is the audio item `audioId`. A row exists only for a
 * call the rules kept: a discarded call leaves no row and no audio.
 */
export const callRecordings = sqliteTable(
  'call_recordings',
  {
    id: id(),
    orgId: orgId(),
    siteId: text('site_id').notNull(),
    /** Human-friendly unique id, e.g. REC-20261126-4K7QX (site time zone). */
    protocol: text('protocol').notNull(),
    type: text('type', { enum: CALL_TYPES }).notNull(),
    /** "Acesso": the first internal extension on the call; '' when none is known. */
    access: text('access').notNull().default(''),
    /** "Identificação": the external number; '' for an internal call. */
    identification: text('identification').notNull().default(''),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }).notNull(),
    durationMs: integer('duration_ms').notNull(),
    /** 'siprec' or 'sip' (a plain recording leg). */
    source: text('source', { enum: ['siprec', 'sip'] }).notNull(),
    /** The PBX's or SBC's Call-ID / SIPREC session id, to find a call from the PBX's own logs. */
    callRef: text('call_ref').notNull().default(''),
    channels: integer('channels').notNull().default(1),
    audioId: text('audio_id').notNull(),
    audioBytes: integer('audio_bytes').notNull().default(0),
    /** Lower-cased, accent-free protocol, numbers and names, for the table's search. */
    searchText: text('search_text').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('call_recordings_protocol_uq').on(t.protocol),
    uniqueIndex('call_recordings_audio_uq').on(t.audioId),
    index('call_recordings_org_started_idx').on(t.orgId, t.startedAt),
    index('call_recordings_site_started_idx').on(t.siteId, t.startedAt),
    index('call_recordings_access_idx').on(t.orgId, t.access),
    index('call_recordings_identification_idx').on(t.orgId, t.identification),
  ],
);

/** Who was on a recorded call and when they joined (SIPREC metadata, or the SIP headers). */
export const callRecordingParticipants = sqliteTable(
  'call_recording_participants',
  {
    id: id(),
    orgId: orgId(),
    recordingId: text('recording_id').notNull(),
    number: text('number').notNull().default(''),
    name: text('name').notNull().default(''),
    /** An extension of the site (internal) or an outside number. */
    internal: integer('internal', { mode: 'boolean' }).notNull().default(false),
    /** The extension's linked user when internal: whose call this is, for visibility (own, group, all). */
    userId: text('user_id'),
    /** 0 left, 1 right in a stereo recording; null when the participant sends no recorded stream. */
    channel: integer('channel'),
    joinedAt: integer('joined_at', { mode: 'timestamp_ms' }).notNull(),
    leftAt: integer('left_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('call_recording_participants_recording_idx').on(t.recordingId, t.joinedAt), index('call_recording_participants_user_idx').on(t.orgId, t.userId, t.recordingId)],
);

/** Notes on a recording (several, each with its author and time). */
export const callRecordingNotes = sqliteTable(
  'call_recording_notes',
  {
    id: id(),
    orgId: orgId(),
    recordingId: text('recording_id').notNull(),
    authorId: text('author_id'),
    /** Kept when the author is deleted. */
    authorName: text('author_name').notNull().default(''),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('call_recording_notes_recording_idx').on(t.recordingId, t.createdAt)],
);

/**
 * The recorder's rules and e-mail template for the organization (manual 5.4): calls shorter than
 * the minimum are not stored; calls of excluded users are discarded (any of them on the call with
 * `discardIfAnyExcluded`, else only when every internal participant is excluded); recordings older
 * than `retentionDays` are deleted by a job (null keeps them).
 */
export const recordingSettings = sqliteTable('recording_settings', {
  orgId: text('org_id').primaryKey(),
  minDurationSeconds: integer('min_duration_seconds').notNull().default(0),
  excludedUserIds: text('excluded_user_ids', { mode: 'json' }).$type<string[]>().notNull().default([]),
  discardIfAnyExcluded: integer('discard_if_any_excluded', { mode: 'boolean' }).notNull().default(false),
  retentionDays: integer('retention_days'),
  /** By language: { subject, body } with {date} {protocol} {from} {to}. */
  templates: text('templates', { mode: 'json' }).$type<Record<string, { subject: string; body: string }>>().notNull().default({}),
  updatedAt: updatedAt(),
});
