import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.js';
import { HeartbeatSchema, recordHeartbeat } from '../../services/dashboard/heartbeats.js';
import { configEtag, loadNodeConfig, NodeConfigSchema } from '../../services/media-nodes/node-config.js';
import { NodeEventsSchema, storeNodeEvents } from '../../services/media-nodes/node-events.js';
import { validate } from '../validate.js';
import { apiDoc } from './openapi-helpers.js';
import { nodeSite } from './node-site.js';
import { nodeStorageApi } from './node-storage.js';
import { nodeVoicemailApi } from './node-voicemail.js';
import { nodeConferenceApi } from './node-conference.js';
import { nodeJobsApi } from './node-jobs.js';

const tags = ['media node'];

/** Whether an If-None-Match header names this tag (a list, weak forms and * included). */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}

/** What media nodes call with their site token. */
export const nodeApi = new Hono<AppEnv>()
  .post('/heartbeat', apiDoc({ summary: 'A media node reports its health (feeds the dashboard gadgets)', tags }), validate('json', HeartbeatSchema), async (c) => {
    const { orgId, siteId } = nodeSite(c);
    await recordHeartbeat(c.var.deps.db, orgId, siteId, c.req.valid('json'), c.var.deps.now());
    return c.body(null, 204);
  })
  .get('/config', apiDoc({ summary: "The node's configuration; send If-None-Match with the last ETag to get 304 when unchanged", tags, response: NodeConfigSchema }), async (c) => {
    const { orgId, siteId } = nodeSite(c);
    const json = JSON.stringify(await loadNodeConfig(c.var.deps.db, orgId, siteId));
    const etag = await configEtag(json);
    const headers = { etag, 'cache-control': 'no-cache' };
    if (matches(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
    return c.body(json, 200, { ...headers, 'content-type': 'application/json; charset=utf-8' });
  })
  .post(
    '/events',
    apiDoc({ summary: 'A media node hands over events for the outbox; ids already stored count as accepted', tags, response: z.object({ accepted: z.array(z.string()) }) }),
    validate('json', NodeEventsSchema),
    async (c) => {
      const { orgId, siteId } = nodeSite(c);
      const accepted = await storeNodeEvents(c.var.deps.db, orgId, siteId, c.req.valid('json').events, c.var.deps.now());
      return c.json({ accepted });
    },
  )
  .route('/', nodeStorageApi)
  .route('/voicemail', nodeVoicemailApi)
  .route('/conference', nodeConferenceApi)
  .route('/jobs', nodeJobsApi);
