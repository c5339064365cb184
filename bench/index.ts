/**
 * `npm run bench`: seeds a million audit rows (and a hundred thousand users), then measures the
 * HTTP API against the raw libSQL queries it runs, and a 100 000-row CSV and PDF export's time
 * and memory against one raw SELECT of the same rows. BENCH_ROWS=20000 for a quick check.
 */
import { rmSync } from 'node:fs';
import { BenchServer } from './child.js';
import { benchConfig } from './config.js';
import { measureExports } from './export-bench.js';
import { runLatency, type LatencyResult } from './latency.js';
import { chunkTable, exportTable, jsonLine, latencyTable } from './report.js';
import { exportScenarios, latencyScenarios } from './scenarios.js';
import { seedAll } from './seed.js';
import { libsqlClient, makeDataDir, setUp } from './setup.js';

const started = performance.now();
const cfg = benchConfig(process.env);
const dataDir = makeDataDir();
console.log(`Ramal bench: ${cfg.auditRows.toLocaleString('en')} audit rows, ${cfg.userRows.toLocaleString('en')} users, ${cfg.requests} requests per scenario (+${cfg.warmup} warm-up), Node ${process.version}`);
console.log(`data folder ${dataDir}${cfg.maxSeconds ? `; a scenario stops after ${cfg.maxSeconds} s of timed requests` : ''}`);
// Ctrl-C reaches the server process too (same process group); the data folder is ours to remove.
process.once('SIGINT', () => {
  if (!cfg.keep) rmSync(dataDir, { recursive: true, force: true });
  process.exit(130);
});

let server: BenchServer | undefined;
try {
  const setup = await setUp(dataDir);
  const client = libsqlClient(setup.deps);
  const seed = await seedAll(client, setup, cfg);
  client.close();
  console.log(`seeded in ${seed.totalSeconds.toFixed(1)} s (database ${(seed.dbBytes / 2 ** 20).toFixed(0)} MiB)\n`);

  server = await BenchServer.start(dataDir);
  const token = setup.main.token;
  console.log(`latency (server pid ${server.pid}, ${server.baseUrl}):`);
  const latency: LatencyResult[] = [];
  for (const s of latencyScenarios(cfg.auditRows, cfg.userRows)) latency.push(await runLatency(server, token, s, cfg.requests, cfg.warmup, cfg.maxSeconds));
  console.log('\nexports (each in a server process of its own):');
  const exports = await measureExports(dataDir, token, exportScenarios(cfg.exportRows));

  const totalSeconds = (performance.now() - started) / 1000;
  console.log(`\n${latencyTable(latency)}\n`);
  console.log('ratio = API (HTTP + Hono + auth + drizzle + JSON) ÷ raw (the same SQL on the server\'s libSQL client); raw count = its COUNT(*) part\n');
  console.log(`${exportTable(exports)}\n`);
  console.log('Δ = peak minus the level before, in a server process started for that measurement: RSS = kernel high-water mark');
  console.log('(and /proc sampled every 20 ms); heap = V8 heapUsed sampled every 20 ms, garbage included; live = heapUsed right');
  console.log('after V8\'s own major collections (- = none ran); ext = Buffers and other memory JS holds outside the heap.\nraw = one SELECT of the same rows in the same order, all materialized by the client. * = RSS sampled only.\n');
  console.log(`${chunkTable(exports)}\n`);
  console.log(`seeding ${seed.totalSeconds.toFixed(1)} s (audit ${seed.auditSeconds.toFixed(1)} s, users ${seed.userSeconds.toFixed(1)} s); total run ${totalSeconds.toFixed(0)} s`);
  console.log(jsonLine(cfg, seed, latency, exports, {}, totalSeconds));
} finally {
  await server?.stop();
  if (cfg.keep) console.log(`kept ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
}
