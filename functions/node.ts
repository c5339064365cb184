/**
 * Node entry: runs the central app on @hono/node-server with the embedded defaults (libSQL file,
 * data folder), applies migrations, creates the first organization, and starts the job runner.
 * The only file of the central app that imports Node's own modules.
 */
import { serve } from '@hono/node-server';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { scrypt as nodeScrypt } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as schema from '../schema/index.js';
import { createApp } from './app.js';
import type { Db } from './db.js';
import type { Deps } from './deps.js';
import { parseConfig, type Config } from './env.js';
import type { Kdf } from './services/auth/password.js';
import type { HostMetrics } from './services/dashboard/host-metrics.js';
import { refreshStatistics } from './services/database/statistics.js';
import { consoleLogger } from './services/logger.js';
import { bootstrapIfEmpty } from './services/organizations/create-organization.js';
import { startJobLoop } from '../workers/jobs/index.js';
import { VERSION } from './version.js';
import { ensureLocalNodeToken } from './services/tokens/local-node-token.js';
import { startLocalMediaNode } from '../media-node/local-launcher.js';
import { openBlobStore } from '../platform/storage/open-store.js';
import { MinioStore } from '../platform/storage/minio-store.js';
import { nodeOutboundHttp } from '../platform/http/node-outbound.js';
import { nodeMailTransports } from '../platform/mail/node-mail.js';

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), '..', 'schema', 'migrations');

/** Node's scrypt runs in libuv's thread pool, so hashing never blocks other requests. */
export const nativeScrypt: Kdf = (password, salt, { logN, r, p, keyLength }) =>
  new Promise((done, fail) =>
    nodeScrypt(password.normalize('NFKC'), salt, keyLength, { N: 2 ** logN, r, p, maxmem: 256 * 2 ** logN * r + 2 ** 20 }, (err, key) =>
      err ? fail(err) : done(new Uint8Array(key)),
    ),
  );

export function hostMetrics(dataDir: string): () => Promise<HostMetrics> {
  return async () => {
    const memory = process.memoryUsage();
    let disk: { used: number | null; total: number | null } = { used: null, total: null };
    try {
      const s = statfsSync(dataDir);
      disk = { used: (s.blocks - s.bfree) * s.bsize, total: s.blocks * s.bsize };
    } catch {
      // Some file systems do not report; the gadget then shows only the media nodes.
    }
    return {
      hostname: os.hostname(), platform: `${os.type()} ${os.release()} ${os.arch()}`, uptimeSeconds: os.uptime(), processUptimeSeconds: process.uptime(),
      cpuCount: os.cpus().length, loadAverage: os.loadavg(), memoryUsedBytes: os.totalmem() - os.freemem(), memoryTotalBytes: os.totalmem(),
      processRssBytes: memory.rss, heapUsedBytes: memory.heapUsed, diskUsedBytes: disk.used, diskTotalBytes: disk.total,
    };
  };
}

export function databaseUrl(config: Config): string {
  return config.DATABASE_URL ?? pathToFileURL(join(resolve(config.RAMAL_DATA_DIR), 'ramal.db')).href;
}

/** Opens the database, applies migrations and returns the dependencies every request shares. */
export async function buildNodeDeps(config: Config): Promise<Deps> {
  mkdirSync(config.RAMAL_DATA_DIR, { recursive: true });
  const client = createClient({ url: databaseUrl(config), authToken: config.DATABASE_AUTH_TOKEN });
  if (databaseUrl(config).startsWith('file:')) {
    // WAL lets readers go on while a writer commits; the busy timeout rides out short lock waits.
    await client.execute('pragma journal_mode = wal');
    await client.execute('pragma busy_timeout = 5000');
  }
  const db = drizzle(client, { schema }) as unknown as Db;
  await migrate(drizzle(client), { migrationsFolder: MIGRATIONS });
  await refreshStatistics(db);
  return {
    db, config, kdf: nativeScrypt, log: consoleLogger(config.LOG_LEVEL), now: () => new Date(),
    hostMetrics: hostMetrics(config.RAMAL_DATA_DIR), runtime: `Node.js ${process.version}`, version: VERSION, blobs: openBlobStore(config),
    mail: nodeMailTransports(join(resolve(config.RAMAL_DATA_DIR), 'mail-outbox')), outboundHttp: nodeOutboundHttp,
    openBucket: (target) => new MinioStore(target),
    // Replaced by the job loop's kick when `main` runs one; a process without it has none to kick.
    runJobsSoon: () => {},
  };
}

/**
 * `npm run worker`: only the job runner (mail, webhooks, syncs), for a second machine or a process
 * of its own beside `npm start` with RAMAL_WORKER=off. No HTTP server, no media node.
 */
async function runWorkerOnly(deps: Deps): Promise<void> {
  const jobs = startJobLoop(deps, `${os.hostname()}:${process.pid}`);
  console.log(`Ramal ${VERSION} job runner started (no web server in this process).`);
  const stop = () => {
    jobs.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

export async function main(env: Record<string, string | undefined> = process.env, args: string[] = process.argv.slice(2)): Promise<void> {
  let config: Config;
  try {
    config = parseConfig(env);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const deps = await buildNodeDeps(config);
  if (args.includes('--worker-only')) return runWorkerOnly(deps);
  const created = await bootstrapIfEmpty(deps.db, deps.kdf, config.RAMAL_KDF_COST, {
    name: config.RAMAL_ORG_NAME, siteName: config.RAMAL_SITE_NAME, timeZone: config.RAMAL_TIME_ZONE ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    adminEmail: config.RAMAL_ADMIN_EMAIL, adminPassword: config.RAMAL_ADMIN_PASSWORD, language: config.RAMAL_LANGUAGE,
  });
  if (created) {
    console.log(`Created organization "${config.RAMAL_ORG_NAME}" with administrator ${created.adminEmail}.`);
    if (created.generatedPassword) console.log(`Administrator password (shown only now; change it under your account): ${created.generatedPassword}`);
  }
  const jobs = config.RAMAL_WORKER === 'on' ? startJobLoop(deps, `${os.hostname()}:${process.pid}`) : null;
  if (jobs) deps.runJobsSoon = jobs.kick;
  const app = createApp({ resolveDeps: () => deps });
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
    console.log(`Ramal ${VERSION} is running at http://${host}:${info.port}/`);
  });
  const mediaNode = config.RAMAL_MEDIA_NODE === 'on' ? await launchLocalMediaNode(deps, env) : null;
  const stop = async () => {
    jobs?.stop();
    await mediaNode?.stop();
    server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

/**
 * The embedded default runs one media node beside the central app, for the first site. Its site
 * token is made once and kept (readable by the owner only) in the data folder.
 */
async function launchLocalMediaNode(deps: Deps, env: Record<string, string | undefined>): Promise<{ stop(): Promise<void> } | null> {
  const config = deps.config;
  const tokenFile = join(config.RAMAL_DATA_DIR, 'media-node.token');
  const kept = existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : null;
  const token = await ensureLocalNodeToken(deps.db, kept, deps.now());
  if (!token) return null;
  if (token.secret !== kept) {
    writeFileSync(tokenFile, `${token.secret}\n`, { mode: 0o600 });
    chmodSync(tokenFile, 0o600);
  }
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  console.log(`Starting the local media node (SIP on port ${env.SIP_PORT ?? 5060}; RAMAL_MEDIA_NODE=off to skip).`);
  return startLocalMediaNode({ centralUrl: `http://${host.includes(':') ? `[${host}]` : host}:${config.PORT}`, siteToken: token.secret, dataDir: config.RAMAL_DATA_DIR, env, log: (line) => console.log(line) });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}
