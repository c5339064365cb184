import { z } from 'zod';
import { LIVE_ACTIONS, PARTICIPANT_ROLES } from '../../../schema/tables/conference.js';
import { RoomOptionsSchema } from './room-schemas.js';

/**
 * What the media node and the central app say to each other about conferences, under
 * /api/v1/node/conference (site token). Both sides import these schemas.
 *
 *   GET /rooms/:number                   → RoomLookup: the room open now ('open'), or 'closed' with the
 *                                          next window; 404 when the site has no such room
 *   POST /rooms/:number/pin              PinCheck → PinCheckResult (5 wrong PINs per room and caller
 *                                          number lock that caller out of the room for 15 minutes)
 *   PUT /private-rooms/:extension/pin    PrivatePin → 204 (the owner's phone sets the PIN; makes the room)
 *   PUT /live                            LivePush → LiveAnswer: every second while a room runs; lists
 *                                          every running room of the site (a room left out has ended)
 *                                          and acks the commands it carried out; the answer holds the
 *                                          commands still pending for the site's rooms
 *
 * History comes from events (POST /api/v1/node/events): conference.started, .participant_joined,
 * .participant_left, .ended (schemas in services/events/event-catalogue.ts). The recording arrives
 * as an audio item (POST /api/v1/node/audio) of kind 'conference-recording' with
 * RecordingAudioMetadata; the central app then emits conference.recording_ready.
 */

export const RoomNumberParam = z.object({ number: z.string().regex(/^\d{1,10}$/, 'digits') });

export const OpenRoomSchema = z.object({
  state: z.literal('open'),
  roomId: z.string(),
  kind: z.enum(['public', 'private']),
  number: z.string(),
  subject: z.string(),
  options: RoomOptionsSchema,
  maxParticipants: z.number().int(),
  /** Null for private rooms, which have no window. */
  endsAt: z.iso.datetime().nullable(),
});

export const ClosedRoomSchema = z.object({
  state: z.literal('closed'),
  number: z.string(),
  /** The next window of this number, or null when none is scheduled. */
  nextStartsAt: z.iso.datetime().nullable(),
  nextEndsAt: z.iso.datetime().nullable(),
});

export const RoomLookupSchema = z.discriminatedUnion('state', [OpenRoomSchema, ClosedRoomSchema]);
export type RoomLookup = z.infer<typeof RoomLookupSchema>;

const Pin = z.string().regex(/^\d{4,10}$/, '4 to 10 digits');
export const PinCheckSchema = z.object({ pin: Pin, callerNumber: z.string().max(80).default('') });
export const PinCheckResultSchema = z.object({
  /** null: wrong PIN (or locked). */
  role: z.enum(PARTICIPANT_ROLES).nullable(),
  roomId: z.string(),
  attemptsLeft: z.number().int(),
  locked: z.boolean(),
  lockedUntil: z.iso.datetime().nullable(),
});
export type PinCheckResult = z.infer<typeof PinCheckResultSchema>;

export const PrivatePinSchema = z.object({ pin: Pin });

export const LiveParticipantSchema = z.object({
  id: z.string().min(1).max(100),
  name: z.string().max(120),
  number: z.string().max(80),
  role: z.enum(PARTICIPANT_ROLES),
  muted: z.boolean(),
  talking: z.boolean(),
  listenOnly: z.boolean(),
  joinedAt: z.iso.datetime({ offset: true }),
});

export const LiveRoomSchema = z.object({
  roomId: z.string().min(1).max(100),
  sessionId: z.string().min(1).max(100),
  locked: z.boolean(),
  participants: z.array(LiveParticipantSchema).max(60),
});

export const LivePushSchema = z.object({
  rooms: z.array(LiveRoomSchema).max(200),
  /** Ids of commands carried out since the last push. */
  acked: z.array(z.string().min(1).max(100)).max(500).default([]),
});
export type LivePush = z.input<typeof LivePushSchema>;

export const LiveCommandSchema = z.object({
  id: z.string(),
  roomId: z.string(),
  action: z.enum(LIVE_ACTIONS),
  participantId: z.string().nullable(),
});
export type LiveCommand = z.infer<typeof LiveCommandSchema>;

export const LiveAnswerSchema = z.object({ commands: z.array(LiveCommandSchema) });
export type LiveAnswer = z.infer<typeof LiveAnswerSchema>;

export const RecordingAudioMetadataSchema = z.object({ roomId: z.string().min(1), sessionId: z.string().min(1) });
