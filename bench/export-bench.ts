import { isCount } from './capture-sql.js';
import { BenchServer } from './child.js';
import { streamGet } from './http.js';
import type { SqlStats } from './ipc.js';
import { queryString } from './latency.js';
import { watchRss } from './memory.js';
import type { ExportScenario } from './scenarios.js';
import { percentile } from './stats.js';

export interface MemoryDelta {
  /** Peak resident memory minus the level before, bytes; `exact` when read from the kernel's high-water mark. */
  rss: number;
  rssExact: boolean;
  /** Peak V8 heapUsed minus the level before (sampled every 20 ms inside the server; counts garbage). */
  heap: number;
  /** Highest heapUsed right after a major collection, minus the level before: what is really held; NaN if none ran. */
  live: number;
  /** Peak memory held outside the V8 heap by JS objects (Buffers, zlib streams), minus the level before. */
  external: number;
}

export interface ExportResult {
  name: string;
  ms: number;
  firstByteMs: number;
  bytes: number;
  rows: number;
  memory: MemoryDelta;
  /** The app's own SQL during the export: the keyset chunks, first and last timed apart. */
  chunks: { statements: number; totalMs: number; firstMs: number; medianMs: number; lastMs: number };
  /** A late chunk's statement, for the diagnostics to replay. */
  lastChunk: SqlStats['each'][number] | undefined;
  /** One SELECT of the same rows in the same order, all materialized by the client. */
  raw: { ms: number; rows: number; memory: MemoryDelta };
}

const TABLES = { audit: '"audit_log"', users: '"users"' } as const;

/**
 * Each export, and the raw baseline of each distinct query, runs in a server process of its own,
 * started for it: resident memory rarely goes back down, so a second measurement in the same
 * process would start from the first one's high-water mark and show nothing.
 */
export async function measureExports(dataDir: string, token: string, scenarios: ExportScenario[]): Promise<ExportResult[]> {
  const raws = new Map<string, ExportResult['raw']>();
  const results: ExportResult[] = [];
  for (const s of scenarios) {
    const run = await inFreshServer(dataDir, token, (server) => runExport(server, token, s));
    const key = JSON.stringify([s.list, s.query]);
    const raw = raws.get(key) ?? (await inFreshServer(dataDir, token, (server) => runRaw(server, token, s)));
    raws.set(key, raw);
    if (raw.rows !== run.rows) throw new Error(`${s.name}: export had ${run.rows} rows, raw SELECT ${raw.rows}`);
    results.push({ ...run, raw });
  }
  return results;
}

async function inFreshServer<T>(dataDir: string, token: string, work: (server: BenchServer) => Promise<T>): Promise<T> {
  const server = await BenchServer.start(dataDir);
  try {
    // Loads the request path's code (auth, routing) so the measurement starts from a served state.
    await fetch(`${server.baseUrl}/api/v1/audit?pageSize=1`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.arrayBuffer());
    await server.request({ kind: 'gc' });
    return await work(server);
  } finally {
    await server.stop();
  }
}

/** The export over HTTP, its body consumed as it streams, while the server's memory is watched. */
async function runExport(server: BenchServer, token: string, s: ExportScenario): Promise<Omit<ExportResult, 'raw'>> {
  if (!process.stdout.isTTY) console.log(`  ${s.name}: running`);
  const url = `${server.baseUrl}/api/v1/${s.list}?${queryString({ ...s.query, format: s.format })}`;
  const rss = watchRss(server.pid);
  await server.request({ kind: 'heap-start' });
  await server.request({ kind: 'sql-start', detailed: true });
  const body = await streamGet(url, token);
  const sql = await server.request({ kind: 'sql-stop' });
  const heap = await server.request({ kind: 'heap-stop' });
  const mem = rss.stop();

  const chunks = sql.each.filter((e) => e.sql.includes(`from ${TABLES[s.list]}`) && !isCount(e));
  const rows = chunks.reduce((n, c) => n + c.rows, 0);
  if (s.format === 'csv' && body.lines - 1 !== rows) throw new Error(`${s.name}: ${body.lines - 1} CSV records but ${rows} rows fetched`);
  const times = chunks.map((c) => c.ms);
  console.log(`  ${s.name}: ${rows.toLocaleString('en')} rows, ${(body.bytes / 2 ** 20).toFixed(1)} MiB in ${(body.ms / 1000).toFixed(1)} s`);
  return {
    name: s.name, ms: body.ms, firstByteMs: body.firstByteMs, bytes: body.bytes, rows,
    memory: { rss: mem.peak - mem.before, rssExact: mem.exact, heap: heap.heapPeak - heap.heapBefore, live: heap.majorGcs ? heap.livePeak - heap.heapBefore : Number.NaN, external: heap.externalPeak - heap.externalBefore },
    chunks: {
      statements: chunks.length, totalMs: times.reduce((a, b) => a + b, 0),
      firstMs: times[0] ?? 0, medianMs: percentile(times, 50), lastMs: times.at(-1) ?? 0,
    },
    // The very last chunk may be the empty one that ends the loop; the one before is full and late.
    lastChunk: chunks.at(-2) ?? chunks.at(-1),
  };
}

async function runRaw(server: BenchServer, token: string, s: ExportScenario): Promise<ExportResult['raw']> {
  const rss = watchRss(server.pid);
  const raw = await server.request({ kind: 'raw-export', list: s.list, token, query: s.query });
  const mem = rss.stop();
  console.log(`  raw SELECT for ${s.name}: ${raw.rows.toLocaleString('en')} rows in ${(raw.ms / 1000).toFixed(1)} s`);
  return {
    ms: raw.ms, rows: raw.rows,
    memory: { rss: mem.peak - mem.before, rssExact: mem.exact, heap: raw.heapPeak - raw.heapBefore, live: raw.majorGcs ? raw.livePeak - raw.heapBefore : Number.NaN, external: raw.externalPeak - raw.externalBefore },
  };
}
