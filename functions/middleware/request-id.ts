import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.js';

/** Each request gets an id, echoed in a header and in error bodies, so a user's report finds the log line. */
export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const incoming = c.req.header('x-request-id');
  const id = incoming && /^[\w-]{8,64}$/.test(incoming) ? incoming : crypto.randomUUID();
  c.set('requestId', id);
  c.header('x-request-id', id);
  await next();
});
