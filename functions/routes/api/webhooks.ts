import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { ListQuerySchema } from '../../services/table/list-query.js';
import { deliveryLogSpec } from '../../services/webhooks/delivery-log.js';
import { endpointListSpec, getEndpoint } from '../../services/webhooks/endpoint-list.js';
import { DeliveryLogQuerySchema, EndpointCreateSchema, EndpointUpdateSchema, logFilterOf, ReplayPeriodSchema, RotateSecretSchema } from '../../services/webhooks/endpoint-schemas.js';
import { createEndpoint, deleteEndpoint, rotateSecret, updateEndpoint } from '../../services/webhooks/endpoint-service.js';
import { replayDelivery, replayPeriod } from '../../services/webhooks/replay.js';
import { sendTestEvent } from '../../services/webhooks/test-event.js';
import { respondList } from '../list-response.js';
import { validate } from '../validate.js';
import { apiDoc, listBody } from './openapi-helpers.js';

const date = z.iso.datetime();
const Endpoint = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string(),
    events: z.array(z.string()).meta({ description: 'Event types sent; empty means all' }),
    sites: z.array(z.string()).meta({ description: 'Site ids whose events are sent; empty means all sites' }),
    siteNames: z.array(z.string()),
    active: z.boolean(),
    status: z.enum(['active', 'disabled', 'disabledBySystem']),
    disabledReason: z.string().nullable().meta({ description: 'Why Ramal turned the endpoint off (410 Gone, failing for days); null when a person did' }),
    disabledAt: date.nullable(),
    failingSince: date.nullable(),
    lastSuccessAt: date.nullable(),
    previousSecretUntil: date.nullable().meta({ description: 'Until then deliveries are also signed with the secret before the last rotation' }),
    createdAt: date,
    updatedAt: date,
  })
  .meta({ id: 'WebhookEndpoint' });
const secret = z.string().meta({ description: 'whsec_ signing secret; shown only in this answer, store it now' });
const CreatedEndpoint = Endpoint.extend({ secret }).meta({ id: 'CreatedWebhookEndpoint' });
const RotatedSecret = z.object({ id: z.string(), secret, previousSecretUntil: date.nullable() }).meta({ id: 'RotatedWebhookSecret' });
const Attempt = z
  .object({
    id: z.string(), deliveryId: z.string(), eventId: z.string().meta({ description: 'The webhook-id header' }), eventType: z.string(), attempt: z.number().int(),
    outcome: z.enum(['succeeded', 'retrying', 'failed']), statusCode: z.number().int().nullable(), latencyMs: z.number().int(), responseExcerpt: z.string(), error: z.string().nullable(), attemptedAt: date,
  })
  .meta({ id: 'WebhookAttempt' });
const IdParam = z.object({ id: z.string().min(1) });
const DeliveryParam = z.object({ id: z.string().min(1), deliveryId: z.string().min(1) });
const tags = ['Webhooks'];

export const webhooksApi = new Hono<AppEnv>()
  .use(requirePermission('system', 'configure'))
  .get('/', apiDoc({ summary: 'List webhook endpoints', tags, response: listBody(Endpoint), exportable: true }), validate('query', ListQuerySchema), async (c) => {
    return respondList(c, endpointListSpec(c.var.deps.db, auth(c).scope), c.req.valid('query'), 'system', 'webhooks.title');
  })
  .post('/', apiDoc({ summary: 'Create a webhook endpoint (its secret is in this answer only)', tags, response: CreatedEndpoint, status: 201 }), validate('json', EndpointCreateSchema), async (c) => {
    const { db, config, now } = c.var.deps;
    const created = await createEndpoint(db, auth(c).scope, c.req.valid('json'), config.RAMAL_WEBHOOK_ALLOW_PRIVATE, now());
    return c.json({ ...created.endpoint, secret: created.secret }, 201);
  })
  .get('/:id', apiDoc({ summary: 'Get a webhook endpoint (never its secret)', tags, response: Endpoint }), validate('param', IdParam), async (c) => {
    return c.json(await getEndpoint(c.var.deps.db, auth(c).scope, c.req.valid('param').id));
  })
  .patch('/:id', apiDoc({ summary: 'Change a webhook endpoint; enabling it clears the reason it was disabled', tags, response: Endpoint }), validate('param', IdParam), validate('json', EndpointUpdateSchema), async (c) => {
    const { db, config, now } = c.var.deps;
    return c.json(await updateEndpoint(db, auth(c).scope, c.req.valid('param').id, c.req.valid('json'), config.RAMAL_WEBHOOK_ALLOW_PRIVATE, now()));
  })
  .delete('/:id', apiDoc({ summary: 'Delete a webhook endpoint with its delivery log and queued deliveries', tags }), validate('param', IdParam), async (c) => {
    await deleteEndpoint(c.var.deps.db, auth(c).scope, c.req.valid('param').id, c.var.deps.now());
    return c.body(null, 204);
  })
  .post('/:id/rotate-secret', apiDoc({ summary: 'Rotate the signing secret (the new one is in this answer only)', tags, response: RotatedSecret }), validate('param', IdParam), validate('json', RotateSecretSchema), async (c) => {
    return c.json(await rotateSecret(c.var.deps.db, auth(c).scope, c.req.valid('param').id, c.req.valid('json').overlapHours, c.var.deps.now()));
  })
  .post('/:id/test', apiDoc({ summary: 'Send a ping event to this endpoint only', tags, response: z.object({ eventId: z.string(), deliveryId: z.string() }), status: 202 }), validate('param', IdParam), async (c) => {
    const sent = await sendTestEvent(c.var.deps.db, auth(c).scope, c.req.valid('param').id, c.var.deps.now());
    c.var.deps.runJobsSoon();
    return c.json(sent, 202);
  })
  .get('/:id/deliveries', apiDoc({ summary: "The endpoint's delivery log: one row per HTTP attempt", tags, response: listBody(Attempt), exportable: true }), validate('param', IdParam), validate('query', DeliveryLogQuerySchema), async (c) => {
    const { db } = c.var.deps;
    const scope = auth(c).scope;
    const endpoint = await getEndpoint(db, scope, c.req.valid('param').id);
    const query = c.req.valid('query');
    return respondList(c, deliveryLogSpec(db, scope, endpoint.id, logFilterOf(query)), query, 'system', 'webhooks.logTitle');
  })
  .post('/:id/deliveries/:deliveryId/replay', apiDoc({ summary: 'Send one delivery again from the start of the retry schedule', tags, response: z.object({ replayed: z.number().int() }), status: 202 }), validate('param', DeliveryParam), async (c) => {
    const { id, deliveryId } = c.req.valid('param');
    await replayDelivery(c.var.deps.db, auth(c).scope, id, deliveryId, c.var.deps.now());
    c.var.deps.runJobsSoon();
    return c.json({ replayed: 1 }, 202);
  })
  .post('/:id/replay', apiDoc({ summary: 'Send again every delivery with a status (failed by default) created in [from, to)', tags, response: z.object({ replayed: z.number().int() }) }), validate('param', IdParam), validate('json', ReplayPeriodSchema), async (c) => {
    const replayed = await replayPeriod(c.var.deps.db, auth(c).scope, c.req.valid('param').id, c.req.valid('json'), c.var.deps.now());
    if (replayed) c.var.deps.runJobsSoon();
    return c.json({ replayed });
  });
