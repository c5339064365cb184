/**
 * The bench's server process: the real app on @hono/node-server over the bench's data folder.
 * It runs apart from the bench so the memory numbers of an export are the server's alone (not
 * the HTTP client's, nor the seeding's leftovers) and so client and server use both cores.
 * It also runs the raw-SQL baselines on the app's own libSQL client, inside the same process.
 */
import { serve } from '@hono/node-server';
import { createClient } from '@libsql/client';
import { createApp } from '../functions/app.js';
import { parseConfig } from '../functions/env.js';
import { buildNodeDeps, databaseUrl } from '../functions/node.js';
import type { Answer, Envelope, Ready } from './ipc.js';
import { commandHandler } from './server-commands.js';
import { benchEnv, libsqlClient } from './setup.js';
import { installSqlTimer } from './sql-timer.js';

const dataDir = process.env.BENCH_DATA_DIR;
if (!dataDir || !process.send) throw new Error('bench/server.ts is forked by bench/index.ts, not run directly');
const send = process.send.bind(process);

const config = parseConfig(benchEnv(dataDir));
const deps = await buildNodeDeps(config);
const client = libsqlClient(deps);
const connect = () => createClient({ url: databaseUrl(config) });
const handle = commandHandler({ deps, client, sqlTimer: installSqlTimer(client), connect });
const app = createApp({ resolveDeps: () => deps });

serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  send({ ready: true, port: info.port } satisfies Ready);
});

process.on('message', (message: Envelope) => {
  handle(message.command).then(
    (value) => send({ id: message.id, ok: true, value } satisfies Answer),
    (err: unknown) => send({ id: message.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies Answer),
  );
});
// The bench going away (or failing) takes the server with it.
process.on('disconnect', () => process.exit(0));
