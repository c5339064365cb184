import { z } from 'zod';
import { ListQuerySchema } from '../table/list-query.js';
import { MAX_OVERLAP_HOURS } from './endpoint-secret.js';
import { WEBHOOK_URL_MAX } from './endpoint-url.js';
import { isKnownEventType } from './event-types.js';

const EventType = z.string().refine(isKnownEventType, 'webhooks.err.unknownEvent');

const fields = {
  url: z.string().trim().min(1, 'err.required').max(WEBHOOK_URL_MAX),
  description: z.string().trim().max(500),
  /** Empty means every event type. */
  events: z.array(EventType).max(200),
  /** Empty means every site (and events that belong to no site). */
  sites: z.array(z.string().min(1)).max(200),
  active: z.boolean(),
};

export const EndpointCreateSchema = z
  .object({
    url: fields.url,
    description: fields.description.default(''),
    events: fields.events.default([]),
    sites: fields.sites.default([]),
    active: fields.active.default(true),
  })
  .meta({ id: 'WebhookEndpointCreate' });
export type EndpointCreate = z.infer<typeof EndpointCreateSchema>;

export const EndpointUpdateSchema = z
  .object({ url: fields.url, description: fields.description, events: fields.events, sites: fields.sites, active: fields.active })
  .partial()
  .meta({ id: 'WebhookEndpointUpdate' });
export type EndpointUpdate = z.infer<typeof EndpointUpdateSchema>;

export const RotateSecretSchema = z.object({
  overlapHours: z.number().int().min(0).max(MAX_OVERLAP_HOURS).default(24).meta({ description: 'How long the old secret still signs (0 = stop at once)' }),
});

const isoDateTime = z.iso.datetime({ offset: true });

export const ReplayPeriodSchema = z
  .object({
    from: isoDateTime,
    to: isoDateTime,
    status: z.enum(['failed', 'succeeded', 'pending']).default('failed'),
  })
  .refine((v) => Date.parse(v.to) > Date.parse(v.from), { path: ['to'], message: 'webhooks.err.periodOrder' });
export type ReplayPeriod = z.infer<typeof ReplayPeriodSchema>;

export const ATTEMPT_OUTCOMES = ['succeeded', 'retrying', 'failed'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** The delivery log's query: the data table's plus filters on outcome, time (attemptedAt) and type. */
export const DeliveryLogQuerySchema = ListQuerySchema.extend({
  outcome: z.enum(ATTEMPT_OUTCOMES).optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  eventType: z.string().trim().max(100).optional(),
});
export type DeliveryLogQuery = z.infer<typeof DeliveryLogQuerySchema>;

export interface DeliveryLogFilter {
  outcome?: AttemptOutcome | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  eventType?: string | undefined;
}

export function logFilterOf(q: DeliveryLogQuery): DeliveryLogFilter {
  return { outcome: q.outcome, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, eventType: q.eventType || undefined };
}
