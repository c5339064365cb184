import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, orgId, updatedAt } from './columns.js';

export const DIVERT_REASONS = ['busy', 'no-answer', 'unavailable', 'unconditional', 'unknown'] as const;
export type DivertReasonValue = (typeof DIVERT_REASONS)[number];

/**
 * A voice mailbox: one per extension of a site (manual 3). Made when first needed (a message, a
 * PIN, a greeting); the owner is the extension's linked user. The PIN is stored hashed.
 */
export const mailboxes = sqliteTable(
  'mailboxes',
  {
    id: id(),
    orgId: orgId(),
    siteId: text('site_id').notNull(),
    extension: text('extension').notNull(),
    pinHash: text('pin_hash'),
    /** Wrong PINs in a row, and the lock they earn (phone retrieval). */
    pinFailures: integer('pin_failures').notNull().default(0),
    pinLockedUntil: integer('pin_locked_until', { mode: 'timestamp_ms' }),
    /** audio_items ids of the personal greetings and the recorded name; null = the default. */
    greetingBusyId: text('greeting_busy_id'),
    greetingUnavailableId: text('greeting_unavailable_id'),
    nameId: text('name_id'),
    /** Bumped on every change the phones' message lamps depend on (counts), for the nodes' ETag. */
    mwiVersion: integer('mwi_version').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('mailboxes_site_extension_uq').on(t.siteId, t.extension), index('mailboxes_org_idx').on(t.orgId)],
);

/** One message left in a mailbox; its audio (WAV, GSM, MP3) is the audio item of the same id. */
export const voicemailMessages = sqliteTable(
  'voicemail_messages',
  {
    id: id(),
    orgId: orgId(),
    siteId: text('site_id').notNull(),
    mailboxId: text('mailbox_id').notNull(),
    extension: text('extension').notNull(),
    /** The mailbox owner when the message arrived (for visibility); null if no user was linked. */
    userId: text('user_id'),
    /** Human-friendly unique id, e.g. VM-20261126-4K7QX. */
    protocol: text('protocol').notNull(),
    callerNumber: text('caller_number').notNull().default(''),
    callerName: text('caller_name').notNull().default(''),
    divertReason: text('divert_reason', { enum: DIVERT_REASONS }).notNull(),
    durationMs: integer('duration_ms').notNull(),
    /** The audio item (and its object storage files). */
    audioId: text('audio_id').notNull(),
    audioBytes: integer('audio_bytes').notNull().default(0),
    heard: integer('heard', { mode: 'boolean' }).notNull().default(false),
    heardAt: integer('heard_at', { mode: 'timestamp_ms' }),
    receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
    /** Lower-cased, accent-free text of protocol, caller and extension, for the table's search. */
    searchText: text('search_text').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('voicemail_messages_protocol_uq').on(t.protocol),
    uniqueIndex('voicemail_messages_audio_uq').on(t.audioId),
    index('voicemail_messages_mailbox_idx').on(t.mailboxId, t.receivedAt),
    index('voicemail_messages_org_received_idx').on(t.orgId, t.receivedAt),
  ],
);

export const VOICEMAIL_ACTIONS = ['email', 'email-attachment', 'none'] as const;
export const AUDIO_FORMATS = ['wav', 'gsm', 'mp3'] as const;

/** What a user wants done with new messages (manual 3.5); without a row, the organization's default. */
export interface VoicemailProfileValues {
  mainAction: (typeof VOICEMAIL_ACTIONS)[number];
  attachmentFormat: (typeof AUDIO_FORMATS)[number];
  /** Say date, time and caller before each message by phone. */
  hearDetails: boolean;
  alternateEmailEnabled: boolean;
}

export const voicemailProfiles = sqliteTable('voicemail_profiles', {
  userId: text('user_id').primaryKey(),
  orgId: orgId(),
  mainAction: text('main_action', { enum: VOICEMAIL_ACTIONS }).notNull(),
  attachmentFormat: text('attachment_format', { enum: AUDIO_FORMATS }).notNull(),
  hearDetails: integer('hear_details', { mode: 'boolean' }).notNull(),
  alternateEmailEnabled: integer('alternate_email_enabled', { mode: 'boolean' }).notNull(),
  updatedAt: updatedAt(),
});

/** The organization's default profile (manual 3.4.3) and its e-mail template per language (3.4.1). */
export const voicemailSettings = sqliteTable('voicemail_settings', {
  orgId: text('org_id').primaryKey(),
  mainAction: text('main_action', { enum: VOICEMAIL_ACTIONS }).notNull(),
  attachmentFormat: text('attachment_format', { enum: AUDIO_FORMATS }).notNull(),
  hearDetails: integer('hear_details', { mode: 'boolean' }).notNull(),
  alternateEmailEnabled: integer('alternate_email_enabled', { mode: 'boolean' }).notNull(),
  /** By language: { subject, body } with {date} {protocol} {from} {to} {reason} fields. */
  templates: text('templates', { mode: 'json' }).$type<Record<string, { subject: string; body: string }>>().notNull(),
  updatedAt: updatedAt(),
});
