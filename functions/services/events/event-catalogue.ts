import { z } from 'zod';

/**
 * Every event type Ramal emits, with the schema of its `data`. Webhook endpoints subscribe to
 * these names; the OpenAPI document (webhooks section) and the README table are made from here.
 * A module adds its types here in the change that starts emitting them.
 */
const UserData = z.object({
  userId: z.string(),
  email: z.string(),
  fullName: z.string(),
  /** 'manual' when a person made the change in the web or API, 'sync' when the PBX sync did. */
  source: z.enum(['manual', 'sync']),
});

const VoicemailRef = z.object({
  messageId: z.string(),
  protocol: z.string().meta({ description: 'The message\'s human-friendly unique id, e.g. VM-20261126-4K7QX' }),
  siteId: z.string(),
  mailbox: z.string().meta({ description: 'The extension whose mailbox holds it' }),
  userId: z.string().nullable().meta({ description: 'The mailbox owner, when a user is linked to the extension' }),
});
const Via = z.enum(['web', 'api', 'phone', 'email', 'download']);

const ConferenceRef = z.object({
  roomId: z.string().min(1).meta({ description: 'The room (GET /api/v1/conference/rooms/{roomId})' }),
  sessionId: z.string().min(1).meta({ description: "The media node's id for this run of the room" }),
});
const ConferenceParticipant = ConferenceRef.extend({
  participantId: z.string().min(1),
  callerNumber: z.string().max(80),
  callerName: z.string().max(120),
  role: z.enum(['admin', 'participant']),
});

const RecordingRef = z.object({
  recordingId: z.string(),
  protocol: z.string().meta({ description: 'The unique id shown to users, e.g. REC-20261126-4K7QX' }),
});

export const EVENT_CATALOGUE = {
  ping: {
    description: 'A test event sent from an endpoint page or POST /webhooks/{id}/test; only that endpoint receives it.',
    data: z.object({ endpointId: z.string(), message: z.string() }),
  },
  'user.created': {
    description: 'A user was created by a person or by the PBX synchronization.',
    data: UserData.extend({ siteId: z.string().nullable().meta({ description: 'The site whose sync created the user' }), extension: z.string().nullable() }),
  },
  'user.updated': {
    description: 'A user\'s details changed.',
    data: UserData.extend({ changed: z.array(z.string()).meta({ description: 'Names of the changed fields (never a password)' }) }),
  },
  'user.deleted': {
    description: 'A user was deleted; their recordings and messages stay.',
    data: UserData.omit({ source: true }),
  },
  'sync.completed': {
    description: 'A PBX synchronization of a site finished (or was stopped).',
    data: z.object({
      siteId: z.string(), jobId: z.string(), total: z.number().int(), created: z.number().int(), updated: z.number().int(),
      unchanged: z.number().int(), removed: z.number().int(), withoutEmail: z.number().int(), conflicts: z.number().int(), stopped: z.boolean(),
    }),
  },
  'voicemail.received': {
    description: 'A caller left a message. The audio is at GET /api/v1/voicemail/messages/{messageId}/audio?format=wav|gsm|mp3 (with an API token).',
    data: VoicemailRef.extend({
      callerNumber: z.string(), callerName: z.string(), divertReason: z.enum(['busy', 'no-answer', 'unavailable', 'unconditional', 'unknown']),
      durationMs: z.number().int(), receivedAt: z.iso.datetime(),
    }),
  },
  'voicemail.heard': {
    description: 'A message was marked heard: played by phone, marked in the web or API, downloaded or sent by e-mail.',
    data: VoicemailRef.extend({ heardAt: z.iso.datetime(), via: Via }),
  },
  'voicemail.deleted': {
    description: 'A message was deleted, with its audio.',
    data: VoicemailRef.extend({ deletedAt: z.iso.datetime(), via: Via }),
  },
  'conference.started': {
    description: 'The first caller entered a conference room (sent by the media node).',
    data: ConferenceRef.extend({ number: z.string(), subject: z.string(), startedAt: z.iso.datetime({ offset: true }) }),
  },
  'conference.participant_joined': {
    description: 'A caller entered a conference room, as administrator or participant.',
    data: ConferenceParticipant.extend({ joinedAt: z.iso.datetime({ offset: true }) }),
  },
  'conference.participant_left': {
    description: 'A caller left a conference room (hung up or was removed).',
    data: ConferenceParticipant.extend({ leftAt: z.iso.datetime({ offset: true }) }),
  },
  'conference.ended': {
    description: 'The last caller left, or the room\'s window closed.',
    data: ConferenceRef.extend({ endedAt: z.iso.datetime({ offset: true }), participants: z.number().int().min(0).meta({ description: 'How many callers took part' }) }),
  },
  'conference.recording_ready': {
    description: 'A conference\'s recording is stored. The audio is at GET /api/v1/conference/history/{historyId}/audio?format=wav|gsm|mp3.',
    data: ConferenceRef.extend({
      audioId: z.string(), durationMs: z.number().int().min(0),
      historyId: z.string().optional().meta({ description: 'The history entry holding the recording (set by the central app)' }),
    }),
  },
  'recording.completed': {
    description: 'A recorded call is stored (it passed the recorder\'s rules). The audio is at GET /api/v1/recordings/{recordingId}/audio?format=wav|gsm|mp3.',
    data: RecordingRef.extend({
      type: z.enum(['made', 'received', 'internal']),
      access: z.string().meta({ description: 'The first internal extension on the call' }),
      identification: z.string().meta({ description: 'The external number; empty for an internal call' }),
      startedAt: z.iso.datetime({ offset: true }),
      durationMs: z.number().int().min(0),
      participants: z.array(z.object({ number: z.string(), name: z.string(), internal: z.boolean(), joinedAt: z.iso.datetime({ offset: true }) })).max(50),
    }),
  },
  'recording.deleted': {
    description: 'A recorded call was deleted: by a user, by maintenance, or by the retention rule.',
    data: RecordingRef.extend({ via: z.enum(['web', 'api', 'maintenance', 'retention']) }),
  },
  'webhook.endpoint_disabled': {
    description: 'Ramal turned a webhook endpoint off: it answered 410 Gone, or failed for days. The organization\'s administrators get an e-mail.',
    data: z.object({ endpointId: z.string(), url: z.string(), reason: z.enum(['gone', 'failing']), disabledAt: z.iso.datetime() }),
  },
} as const satisfies Record<string, { description: string; data: z.ZodType }>;

export type EventType = keyof typeof EVENT_CATALOGUE;
export type EventData<T extends EventType> = z.infer<(typeof EVENT_CATALOGUE)[T]['data']>;

/** The names endpoints may subscribe to. */
export const EVENT_TYPES = Object.keys(EVENT_CATALOGUE) as EventType[];

/**
 * What webhooks may carry: the catalogue's types but ping (sent to one endpoint by hand). Ramal's
 * internal events (audio.stored, with storage keys) and anything undocumented never go out.
 */
export function isDeliverable(type: string): boolean {
  return Object.hasOwn(EVENT_CATALOGUE, type) && type !== 'ping';
}
