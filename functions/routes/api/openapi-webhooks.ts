import { z } from 'zod';
import { EVENT_CATALOGUE } from '../../services/events/event-catalogue.js';

const HEADERS = [
  { name: 'webhook-id', description: 'The event id: the same on every retry and replay; receivers de-duplicate on it.' },
  { name: 'webhook-timestamp', description: 'When this attempt was signed, in Unix seconds; reject values more than 5 minutes away.' },
  { name: 'webhook-signature', description: 'Space-separated "v1,<base64 HMAC-SHA256 of id.timestamp.body>" entries, two while a rotated secret overlaps.' },
];

/**
 * The OpenAPI 3.1 `webhooks` object: one entry per event type Ramal sends, with the Standard
 * Webhooks headers and the schema of its `data`, made from the event catalogue.
 */
export function webhookDocs(): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(EVENT_CATALOGUE).map(([type, entry]) => [
      type,
      {
        post: {
          summary: type,
          description: `${entry.description} Sent as a signed POST (Standard Webhooks 1.0) to each subscribed endpoint; answer 2xx to acknowledge, 410 to unsubscribe.`,
          tags: ['webhook events'],
          parameters: HEADERS.map((h) => ({ in: 'header', name: h.name, required: true, description: h.description, schema: { type: 'string' } })),
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['type', 'timestamp', 'data'],
                  properties: {
                    type: { type: 'string', const: type },
                    timestamp: { type: 'string', format: 'date-time', description: 'When the event happened' },
                    data: z.toJSONSchema(entry.data, { target: 'draft-2020-12', io: 'output' }),
                  },
                },
              },
            },
          },
          responses: {
            '2XX': { description: 'Received; no retry.' },
            '410': { description: 'Gone: Ramal disables the endpoint.' },
            default: { description: 'Any other answer or none within 15 s: retried with backoff for about a day and a half (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 24 h), honouring Retry-After.' },
          },
        },
      },
    ]),
  );
}
