import { z } from 'zod';
import type { RoomOptions } from '../../../schema/index.js';
import { EmailSchema } from '../users/email.js';

export const ROOM_NUMBER = /^\d{1,8}$/;
export const PIN = /^\d{4,10}$/;
export const MAX_PARTICIPANTS = 50;

export const OPTION_KEYS = ['announceCount', 'announceJoinLeave', 'announceNames', 'listenOnly', 'muteOnEntry', 'noiseSuppression', 'quiet', 'record', 'noFirstMessage'] as const satisfies readonly (keyof RoomOptions)[];

export const DEFAULT_OPTIONS: RoomOptions = Object.fromEntries(OPTION_KEYS.map((k) => [k, false])) as unknown as RoomOptions;

export const RoomOptionsSchema = z.object(Object.fromEntries(OPTION_KEYS.map((k) => [k, z.boolean()])) as Record<(typeof OPTION_KEYS)[number], z.ZodBoolean>);

const Instant = z.iso.datetime({ offset: true });

export const InviteesSchema = z.object({
  /** Users of the organization; their e-mail address is looked up. */
  userIds: z.array(z.string().min(1)).max(200).default([]),
  /** Free addresses of people outside Ramal. */
  emails: z.array(EmailSchema).max(200).default([]),
});
export type InviteesInput = z.infer<typeof InviteesSchema>;

const fields = {
  siteId: z.string().min(1).optional(),
  number: z.string().regex(ROOM_NUMBER, 'conference.err.number'),
  subject: z.string().trim().max(200).default(''),
  participantPin: z.string().regex(PIN, 'conference.err.pin'),
  adminPin: z.string().regex(PIN, 'conference.err.pin'),
  startsAt: Instant,
  endsAt: Instant,
  options: RoomOptionsSchema.partial().default({}),
  maxParticipants: z.coerce.number().int().min(2, 'conference.err.maxParticipants').max(MAX_PARTICIPANTS, 'conference.err.maxParticipants').default(MAX_PARTICIPANTS),
  description: z.string().max(4000).default(''),
  invitees: InviteesSchema.optional(),
};

type Checked = { participantPin?: string | undefined; adminPin?: string | undefined; startsAt?: string | undefined; endsAt?: string | undefined };

/** Rules across fields; those needing the stored room (started? PIN hash?) live in the service. */
function crossChecks(v: Checked, ctx: z.RefinementCtx): void {
  if (v.participantPin && v.adminPin && v.participantPin === v.adminPin) ctx.addIssue({ code: 'custom', path: ['adminPin'], message: 'conference.err.pinsEqual' });
  if (v.startsAt && v.endsAt && Date.parse(v.endsAt) <= Date.parse(v.startsAt)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'conference.err.endBeforeStart' });
}

export const RoomCreateSchema = z.object(fields).superRefine(crossChecks);
export type RoomCreate = z.infer<typeof RoomCreateSchema>;

/** PATCH: any field; an absent admin PIN keeps the stored one. */
export const RoomUpdateSchema = z
  .object({
    number: fields.number.optional(),
    subject: z.string().trim().max(200).optional(),
    participantPin: fields.participantPin.optional(),
    adminPin: fields.adminPin.optional(),
    startsAt: Instant.optional(),
    endsAt: Instant.optional(),
    options: RoomOptionsSchema.partial().optional(),
    maxParticipants: z.coerce.number().int().min(2, 'conference.err.maxParticipants').max(MAX_PARTICIPANTS, 'conference.err.maxParticipants').optional(),
    description: z.string().max(4000).optional(),
    invitees: InviteesSchema.optional(),
  })
  .superRefine(crossChecks);
export type RoomUpdate = z.infer<typeof RoomUpdateSchema>;
