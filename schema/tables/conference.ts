import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, orgId, updatedAt } from './columns.js';

export const ROOM_KINDS = ['public', 'private'] as const;
export const PARTICIPANT_ROLES = ['admin', 'participant'] as const;
export const LIVE_ACTIONS = ['mute', 'unmute', 'remove', 'lock', 'unlock'] as const;

/** What a room does for the people in it (manual 4.3.1). */
export interface RoomOptions {
  /** Tell whoever enters how many people are in the room. */
  announceCount: boolean;
  /** Announce entries and exits. */
  announceJoinLeave: boolean;
  /** The same, with the caller's recorded name (reviewed by the caller before use). */
  announceNames: boolean;
  /** Participants join listen-only; administrators still speak. */
  listenOnly: boolean;
  /** Participants stay muted until the administrator unmutes them. */
  muteOnEntry: boolean;
  noiseSuppression: boolean;
  /** No entry and exit sounds. */
  quiet: boolean;
  record: boolean;
  /** No "you are the first participant" message. */
  noFirstMessage: boolean;
}

/**
 * A conference room (manual 4.3). Public rooms are scheduled on the web: they admit callers only
 * between startsAt and endsAt, and a number may be reused by windows that do not overlap (checked
 * by the service, since SQLite cannot express it). Private rooms belong to an extension (number =
 * the extension, one per extension: the partial unique index), have no window and keep no history;
 * their owner sets the PIN by phone, kept hashed in adminPinHash.
 *
 * The participant PIN is stored as typed because the invitations mail it; the administrator PIN
 * only as a hash. invitationSequence is the iCalendar SEQUENCE of the last invitation sent.
 */
export const conferenceRooms = sqliteTable(
  'conference_rooms',
  {
    id: id(),
    orgId: orgId(),
    siteId: text('site_id').notNull(),
    kind: text('kind', { enum: ROOM_KINDS }).notNull(),
    number: text('number').notNull(),
    subject: text('subject').notNull().default(''),
    participantPin: text('participant_pin'),
    adminPinHash: text('admin_pin_hash'),
    /** UTC; null for private rooms (always open). */
    startsAt: integer('starts_at', { mode: 'timestamp_ms' }),
    endsAt: integer('ends_at', { mode: 'timestamp_ms' }),
    options: text('options', { mode: 'json' }).$type<RoomOptions>().notNull(),
    maxParticipants: integer('max_participants').notNull().default(50),
    /** The invitation's free text (Notification tab). */
    description: text('description').notNull().default(''),
    invitationSequence: integer('invitation_sequence').notNull().default(0),
    /** The user who scheduled it (the owner for private rooms); null when made by a token. */
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('conference_rooms_site_number_idx').on(t.siteId, t.number, t.startsAt),
    index('conference_rooms_org_starts_idx').on(t.orgId, t.startsAt),
    uniqueIndex('conference_rooms_private_uq').on(t.siteId, t.number).where(sql`kind = 'private'`),
  ],
);

export const ROOM_CHANGES = ['create', 'update', 'delete'] as const;

/**
 * Each invitation SEQUENCE a room has used: 0 when created, one more for each edit and for the
 * deletion. The key makes two changes of one room saved at the same moment collide, so the later
 * batch fails whole (its author is asked to reload) instead of both mailing one SEQUENCE with
 * different content. Rows outlive the room, so an edit racing the room's deletion collides too.
 */
export const conferenceRoomRevisions = sqliteTable(
  'conference_room_revisions',
  {
    roomId: text('room_id').notNull(),
    sequence: integer('sequence').notNull(),
    orgId: orgId(),
    change: text('change', { enum: ROOM_CHANGES }).notNull(),
    /** Null when the change came through an API token. */
    changedBy: text('changed_by'),
    changedAt: integer('changed_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.sequence] })],
);

/** Who a room's invitation goes to: a user of the organization or a free address. */
export const conferenceInvitees = sqliteTable(
  'conference_invitees',
  {
    id: id(),
    orgId: orgId(),
    roomId: text('room_id').notNull(),
    userId: text('user_id'),
    /** Lower-cased. */
    email: text('email').notNull(),
    name: text('name').notNull().default(''),
    notifiedAt: integer('notified_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('conference_invitees_room_email_uq').on(t.roomId, t.email), index('conference_invitees_user_idx').on(t.userId)],
);

/**
 * One time a public room ran, built from the node's conference.* events. The id is derived from
 * the site and the node's session id, so a re-dispatched event finds the same row. Number, subject
 * and creator are copied from the room: history outlives the room. A session nobody joined is not
 * shown as history.
 */
export const conferenceSessions = sqliteTable(
  'conference_sessions',
  {
    id: id(),
    orgId: orgId(),
    siteId: text('site_id').notNull(),
    roomId: text('room_id').notNull(),
    nodeSessionId: text('node_session_id').notNull(),
    number: text('number').notNull().default(''),
    subject: text('subject').notNull().default(''),
    createdBy: text('created_by'),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
    /** The audio item of kind 'conference-recording'. */
    recordingAudioId: text('recording_audio_id'),
    recordingBytes: integer('recording_bytes').notNull().default(0),
    peakParticipants: integer('peak_participants').notNull().default(0),
  },
  (t) => [
    uniqueIndex('conference_sessions_node_uq').on(t.siteId, t.nodeSessionId),
    index('conference_sessions_org_started_idx').on(t.orgId, t.startedAt),
    index('conference_sessions_room_idx').on(t.roomId),
  ],
);

/** One caller's stay in a session; id derived from the session and the node's participant id. */
export const conferenceParticipants = sqliteTable(
  'conference_participants',
  {
    id: id(),
    orgId: orgId(),
    sessionId: text('session_id').notNull(),
    callerNumber: text('caller_number').notNull().default(''),
    callerName: text('caller_name').notNull().default(''),
    role: text('role', { enum: PARTICIPANT_ROLES }).notNull(),
    joinedAt: integer('joined_at', { mode: 'timestamp_ms' }).notNull(),
    leftAt: integer('left_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('conference_participants_session_idx').on(t.sessionId, t.joinedAt)],
);

export interface LiveParticipant {
  id: string;
  name: string;
  number: string;
  role: (typeof PARTICIPANT_ROLES)[number];
  muted: boolean;
  talking: boolean;
  listenOnly: boolean;
  joinedAt: string;
}

/** What the node last pushed about a running room (every second); stale after 10 s. */
export const conferenceLive = sqliteTable('conference_live', {
  roomId: text('room_id').primaryKey(),
  orgId: orgId(),
  siteId: text('site_id').notNull(),
  sessionId: text('session_id').notNull(),
  locked: integer('locked', { mode: 'boolean' }).notNull().default(false),
  participants: text('participants', { mode: 'json' }).$type<LiveParticipant[]>().notNull(),
  updatedAt: updatedAt(),
});

/** A moderator's command from the web, waiting for the node to pick it up and ack it. */
export const conferenceCommands = sqliteTable(
  'conference_commands',
  {
    id: id(),
    orgId: orgId(),
    siteId: text('site_id').notNull(),
    roomId: text('room_id').notNull(),
    action: text('action', { enum: LIVE_ACTIONS }).notNull(),
    participantId: text('participant_id'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    ackedAt: integer('acked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('conference_commands_site_idx').on(t.siteId, t.ackedAt, t.createdAt)],
);

/** Wrong PINs typed by one caller number into one room, and the lock they earn. */
export const conferencePinFailures = sqliteTable(
  'conference_pin_failures',
  {
    roomId: text('room_id').notNull(),
    callerNumber: text('caller_number').notNull(),
    failures: integer('failures').notNull().default(0),
    lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.callerNumber] })],
);

/** The organization's e-mail template for recordings, by language: { subject, body } with {name} {room} {start} {end}. */
export const conferenceSettings = sqliteTable('conference_settings', {
  orgId: text('org_id').primaryKey(),
  templates: text('templates', { mode: 'json' }).$type<Record<string, { subject: string; body: string }>>().notNull(),
  updatedAt: updatedAt(),
});
