/**
 * workerd entry: runs the same central app as functions/node.ts on Cloudflare Workers (or plain
 * workerd). The only workerd-specific file of the central app. The database is D1 when the Worker
 * has a `DB` binding (tests, `wrangler dev --local`), otherwise libSQL over HTTP (Turso/sqld) at
 * DATABASE_URL. Migrations are not applied here: `wrangler d1 migrations apply` (D1) or
 * `drizzle-kit migrate` (Turso) does that before a deploy, because a Worker has no file system to
 * read schema/migrations from and concurrent isolates must not race to migrate.
 */
import type { D1Database, ExecutionContext, ScheduledController } from '@cloudflare/workers-types';
import { createClient, LibsqlError } from '@libsql/client/web';
import { count } from 'drizzle-orm';
import { drizzle as drizzleD1 } from 'drizzle-orm/d1';
import { drizzle as drizzleLibsql } from 'drizzle-orm/libsql/web';
import * as schema from '../schema/index.js';
import { createApp, type RuntimeContext } from '../functions/app.js';
import { backgroundTick } from './jobs/index.js';
import type { Db } from '../functions/db.js';
import type { Deps } from '../functions/deps.js';
import { ERROR_STATUS } from '../functions/errors.js';
import { parseConfig, type Config } from '../functions/env.js';
import { jsScrypt } from '../functions/services/auth/password.js';
import { consoleLogger } from '../functions/services/logger.js';
import { bootstrapIfEmpty } from '../functions/services/organizations/create-organization.js';
import { VERSION } from '../functions/version.js';
import { fetchOutboundHttp } from '../platform/http/fetch-outbound.js';

/** What the Worker receives: the D1 binding (optional) and string vars/secrets read by parseConfig. */
export interface WorkerEnv {
  DB?: D1Database;
  DATABASE_URL?: string;
  DATABASE_AUTH_TOKEN?: string;
  [name: string]: unknown;
}

/** A setting the operator must fix; answered with 503 and a message naming what is missing. */
class NotConfiguredError extends Error {
  override readonly name = 'NotConfiguredError';
}

/**
 * Parsed once per isolate. Keyed on the env object (workerd hands the same one to every request
 * of an isolate), so a test or a second Worker env in the same isolate gets its own config.
 */
const configs = new WeakMap<object, Config>();

function configFor(env: WorkerEnv): Config {
  let config = configs.get(env);
  if (!config) {
    const strings: Record<string, string> = {};
    for (const [name, value] of Object.entries(env)) if (typeof value === 'string') strings[name] = value;
    try {
      config = parseConfig(strings);
    } catch (err) {
      throw new NotConfiguredError((err as Error).message);
    }
    configs.set(env, config);
  }
  return config;
}

/**
 * A database client per request: workerd forbids reusing one request's I/O objects in another,
 * and both clients are cheap to make (D1 is a binding, libSQL web is stateless HTTP).
 */
function openDb(env: WorkerEnv, config: Config): Db {
  if (env.DB) return drizzleD1(env.DB, { schema }) as unknown as Db;
  if (!config.DATABASE_URL) {
    throw new NotConfiguredError('No database: bind a D1 database as DB, or set DATABASE_URL (and the DATABASE_AUTH_TOKEN secret) for libSQL/Turso.');
  }
  try {
    const client = createClient({ url: config.DATABASE_URL, authToken: config.DATABASE_AUTH_TOKEN });
    return drizzleLibsql(client, { schema }) as unknown as Db;
  } catch (err) {
    // A URL this client cannot use (file:, a typo): only the operator can fix it.
    if (err instanceof LibsqlError) throw new NotConfiguredError(`DATABASE_URL: ${err.message}`);
    throw err;
  }
}

function buildWorkerDeps(env: WorkerEnv, ctx: RuntimeContext | null): Deps {
  const config = configFor(env);
  const deps: Deps = {
    db: openDb(env, config), config, kdf: jsScrypt, log: consoleLogger(config.LOG_LEVEL), now: () => new Date(),
    hostMetrics: async () => null, runtime: 'workerd', version: VERSION,
    // No object store on workerd yet: the node's upload routes answer NOT_CONFIGURED.
    blobs: null,
    // No sockets for SMTP and no file system for an outbox: mail goes through Resend here.
    mail: { smtp: null, outbox: null, readOutboxFile: null },
    outboundHttp: fetchOutboundHttp,
    openBucket: null,
    // A job a user just started runs after the response, in this request's waitUntil; the cron
    // trigger (wrangler.toml) picks up the rest and any job whose isolate died.
    runJobsSoon: () => ctx?.waitUntil(runJobs(deps)),
  };
  return deps;
}

/** One round of background work, logged instead of thrown: nobody awaits it. */
async function runJobs(deps: Deps): Promise<void> {
  try {
    await backgroundTick(deps, `workerd:${crypto.randomUUID()}`);
  } catch (err) {
    deps.log.error('background tick failed', { error: err instanceof Error ? err.message : String(err) });
  }
}

/** Envs whose database is known to hold an organization; checked once per isolate. */
const bootstrapped = new WeakMap<object, Promise<void>>();

/**
 * First request of an isolate: an empty database gets its organization. Unlike Node, nobody sees a
 * Worker's startup output, so a generated password would be lost: RAMAL_ADMIN_PASSWORD is required.
 */
async function bootstrap(deps: Deps): Promise<void> {
  const { db, config, log } = deps;
  if (!config.RAMAL_ADMIN_PASSWORD) {
    const [row] = await db.select({ n: count() }).from(schema.organizations);
    if ((row?.n ?? 0) > 0) return;
    throw new NotConfiguredError(
      'Ramal has no organization yet and RAMAL_ADMIN_PASSWORD is not set. Set it (wrangler secret put RAMAL_ADMIN_PASSWORD), and RAMAL_ADMIN_EMAIL, so the first administrator can be created; on workerd a generated password could not be shown to anyone.',
    );
  }
  const created = await bootstrapIfEmpty(db, deps.kdf, config.RAMAL_KDF_COST, {
    name: config.RAMAL_ORG_NAME, siteName: config.RAMAL_SITE_NAME,
    // workerd's clock is always UTC, so there is no machine time zone to inherit.
    timeZone: config.RAMAL_TIME_ZONE ?? 'UTC',
    adminEmail: config.RAMAL_ADMIN_EMAIL, adminPassword: config.RAMAL_ADMIN_PASSWORD, language: config.RAMAL_LANGUAGE,
  });
  if (created) log.info('created the first organization', { organization: config.RAMAL_ORG_NAME, adminEmail: created.adminEmail });
}

function ensureBootstrapped(env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
  let done = bootstrapped.get(env);
  if (!done) {
    // Concurrent first requests share one attempt (two would each create an organization); a
    // failed one is forgotten so the next request retries. waitUntil keeps it running even if the
    // request that started it is cancelled, so the others waiting on it are not left hanging.
    done = Promise.resolve().then(() => bootstrap(buildWorkerDeps(env, null))).catch((err: unknown) => {
      bootstrapped.delete(env);
      throw err;
    });
    bootstrapped.set(env, done);
    ctx.waitUntil(done.catch(() => undefined));
  }
  return done;
}

/** Before a config exists there is no Logger; same one-JSON-line format as consoleLogger. */
function logBare(level: 'error', msg: string, data: Record<string, unknown>): void {
  console.error(JSON.stringify({ level, time: new Date().toISOString(), msg, ...data }));
}

/** Same body shape as the app's API errors, for failures before the app can run. */
function notConfigured(message: string): Response {
  const requestId = crypto.randomUUID();
  return Response.json(
    { error: { code: 'NOT_CONFIGURED', message, requestId } },
    { status: ERROR_STATUS.NOT_CONFIGURED, headers: { 'cache-control': 'no-store', 'x-request-id': requestId } },
  );
}

const app = createApp({ resolveDeps: (env, ctx) => buildWorkerDeps(env as WorkerEnv, ctx) });

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    try {
      await ensureBootstrapped(env, ctx);
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      if (error instanceof NotConfiguredError) {
        logBare('error', 'Ramal is not configured', { error: error.message });
        return notConfigured(error.message);
      }
      // A passing failure (database briefly unreachable): let the app answer, /healthz says why;
      // the next request tries again.
      const cause = error.cause instanceof Error ? error.cause.message : undefined;
      logBare('error', 'first-organization check failed; retrying on the next request', { error: error.message, cause, stack: error.stack });
    }
    return app.fetch(request, env, ctx);
  },

  /** Cron Triggers (wrangler.toml): scheduled PBX syncs and every other due job. */
  async scheduled(_event: ScheduledController, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
    try {
      await ensureBootstrapped(env, ctx);
      ctx.waitUntil(runJobs(buildWorkerDeps(env, ctx)));
    } catch (err) {
      logBare('error', 'scheduled run skipped', { error: err instanceof Error ? err.message : String(err) });
    }
  },
};
