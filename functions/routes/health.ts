import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';

/** Liveness for load balancers and people: version, runtime and whether the database answers. */
export const healthRoutes = new Hono<AppEnv>().get('/healthz', async (c) => {
  const { db, version, runtime } = c.var.deps;
  const started = Date.now();
  let database: { state: 'ok' | 'unreachable'; latencyMs?: number; error?: string };
  try {
    await db.run(sql`select 1`);
    database = { state: 'ok', latencyMs: Date.now() - started };
  } catch (err) {
    database = { state: 'unreachable', error: err instanceof Error ? err.message : String(err) };
  }
  c.header('cache-control', 'no-store');
  return c.json({ status: database.state === 'ok' ? 'ok' : 'degraded', version, runtime, database }, database.state === 'ok' ? 200 : 503);
});
