import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { auth } from '../../middleware/auth.js';
import { HeartbeatSchema, recordHeartbeat } from '../../services/dashboard/heartbeats.js';
import { validate } from '../validate.js';
import { apiDoc } from './openapi-helpers.js';

/** What media nodes call with their site token. */
export const nodeApi = new Hono<AppEnv>().post(
  '/heartbeat',
  apiDoc({ summary: 'A media node reports its health (feeds the dashboard gadgets)', tags: ['media node'] }),
  validate('json', HeartbeatSchema),
  async (c) => {
    const { scope, token } = auth(c);
    await recordHeartbeat(c.var.deps.db, scope.orgId, token!.siteId!, c.req.valid('json'), c.var.deps.now());
    return c.body(null, 204);
  },
);
