import { z } from 'zod';

/**
 * What the media node and the central app say to each other about voicemail, under
 * /api/v1/node/voicemail (site token). Both sides import these schemas: the central app to
 * validate and document, the node's client to parse answers.
 *
 *   GET    /mailboxes/:extension               → MailboxInfo (404 when the site has no such extension)
 *   POST   /mailboxes/:extension/pin           PinCheck → PinCheckResult
 *   PUT    /mailboxes/:extension/pin           PinChange → 204
 *   GET    /mailboxes/:extension/messages      → MailboxMessages
 *   POST   /messages/:id/heard                 → 204   (event voicemail.heard, via phone)
 *   DELETE /messages/:id                       → 204   (event voicemail.deleted, via phone)
 *   GET    /audio/:audioId?format=wav|gsm|mp3   → the file (a message's or a greeting's; this site only)
 *   GET    /mwi                                → MwiState, with ETag / If-None-Match → 304
 *
 * Messages and greetings arrive as audio items (POST /api/v1/node/audio) of kind 'voicemail'
 * with VoicemailAudioMetadata, or 'greeting' with GreetingAudioMetadata; the central app turns
 * them into messages and mailbox greetings.
 */

export const PIN_PATTERN = /^\d{4,10}$/;

export const AudioRefSchema = z.object({
  audioId: z.string(),
  /** Path under the central app for GET with the site token (…/node/voicemail/audio/:audioId). */
  path: z.string(),
  durationMs: z.number().int(),
});
export type AudioRef = z.infer<typeof AudioRefSchema>;

export const MailboxInfoSchema = z.object({
  extension: z.string(),
  ownerName: z.string(),
  /** The owner's language for prompts (pt-BR, en or es), else the site's prompt language. */
  language: z.string(),
  newCount: z.number().int(),
  savedCount: z.number().int(),
  maxMessages: z.number().int(),
  maxSeconds: z.number().int(),
  /** No room for another message: the caller is told so and nothing is recorded. */
  full: z.boolean(),
  hasPin: z.boolean(),
  /** The owner wants date, time and caller said before each message. */
  hearDetails: z.boolean(),
  greetings: z.object({ busy: AudioRefSchema.nullable(), unavailable: AudioRefSchema.nullable(), name: AudioRefSchema.nullable() }),
});
export type MailboxInfo = z.infer<typeof MailboxInfoSchema>;

export const PinCheckSchema = z.object({ pin: z.string().regex(PIN_PATTERN, '4 to 10 digits') });
export const PinCheckResultSchema = z.object({
  valid: z.boolean(),
  /** Too many wrong PINs: refused until lockedUntil whatever is typed. */
  locked: z.boolean(),
  lockedUntil: z.iso.datetime().nullable(),
  attemptsLeft: z.number().int(),
});
export type PinCheckResult = z.infer<typeof PinCheckResultSchema>;

export const PinChangeSchema = z.object({ pin: z.string().regex(PIN_PATTERN, '4 to 10 digits') });

export const MailboxMessageSchema = z.object({
  id: z.string(),
  protocol: z.string(),
  callerNumber: z.string(),
  callerName: z.string(),
  divertReason: z.string(),
  receivedAt: z.iso.datetime(),
  durationMs: z.number().int(),
  heard: z.boolean(),
  audio: AudioRefSchema,
});
export type MailboxMessage = z.infer<typeof MailboxMessageSchema>;

/** New (unheard) messages first, then saved (heard) ones; oldest first within each. */
export const MailboxMessagesSchema = z.object({ messages: z.array(MailboxMessageSchema) });

export const MwiStateSchema = z.object({
  mailboxes: z.array(z.object({ extension: z.string(), newCount: z.number().int(), savedCount: z.number().int() })),
});
export type MwiState = z.infer<typeof MwiStateSchema>;

export const VoicemailAudioMetadataSchema = z.object({
  mailbox: z.string().min(1).max(40),
  reason: z.enum(['busy', 'no-answer', 'unavailable', 'unconditional', 'unknown']),
  callerNumber: z.string().max(80),
  callerName: z.string().max(120),
  callId: z.string().max(200),
});
export type VoicemailAudioMetadata = z.infer<typeof VoicemailAudioMetadataSchema>;

export const GreetingAudioMetadataSchema = z.object({
  mailbox: z.string().min(1).max(40),
  greeting: z.enum(['busy', 'unavailable', 'name']),
});
export type GreetingAudioMetadata = z.infer<typeof GreetingAudioMetadataSchema>;
