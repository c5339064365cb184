import type { BenchServer } from './child.js';
import { timedGet } from './http.js';
import type { QueryParams } from './ipc.js';
import { progress } from './progress.js';
import type { Scenario } from './scenarios.js';
import { prng } from './vocab.js';

export interface Samples {
  api: number[];
  raw: number[];
  /** The raw COUNT(*) statement's share of `raw`. */
  count: number[];
  /** Total matches the API reported, per group (the search word), to show selectivity. */
  totals: number[];
}

export interface LatencyResult {
  name: string;
  all: Samples;
  groups: Map<string, Samples>;
  seconds: number;
}

export function queryString(p: QueryParams & { format?: string }): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v !== undefined) s.set(k, String(v));
  return s.toString();
}

const empty = (): Samples => ({ api: [], raw: [], count: [], totals: [] });

/** Warm-up stops after this long even if fewer than `warmup` requests were made (slow scenarios). */
const WARMUP_MAX_MS = 10_000;

/**
 * Runs a scenario: each request over HTTP, then the same page's SQL straight on the server's
 * libSQL client, alternately, so both see the same caches and the same machine load. The raw
 * row count must equal the API's item count, which proves the baseline is the same query.
 */
export async function runLatency(server: BenchServer, token: string, s: Scenario, requests: number, warmup: number, maxSeconds: number): Promise<LatencyResult> {
  const rand = prng(1234);
  const result: LatencyResult = { name: s.name, all: empty(), groups: new Map(), seconds: 0 };
  const started = performance.now();
  let i = 0;
  const once = async () => {
    const params = s.params(i++, rand);
    const api = await timedGet(`${server.baseUrl}/api/v1/${s.list}?${queryString(params)}`, token);
    const raw = await server.request({ kind: 'raw-page', list: s.list, token, query: params });
    const page = JSON.parse(new TextDecoder().decode(api.body)) as { items: unknown[]; total: number };
    if (page.items.length !== raw.rows) throw new Error(`${s.name}: API gave ${page.items.length} items, raw SQL ${raw.rows} rows for ${queryString(params)}`);
    return { params, api, raw, total: page.total };
  };
  while (i < warmup && (i === 0 || performance.now() - started < WARMUP_MAX_MS)) await once();

  const timedStart = performance.now();
  const line = progress();
  for (let n = 1; n <= requests; n++) {
    const { params, api, raw, total } = await once();
    const key = s.groupBy?.(params);
    for (const samples of key ? [result.all, group(result, key)] : [result.all]) {
      samples.api.push(api.ms);
      samples.raw.push(raw.ms);
      samples.count.push(raw.countMs);
      samples.totals.push(total);
    }
    const elapsed = performance.now() - timedStart;
    line.update(`  ${s.name}: ${n}/${requests}`, elapsed);
    if (maxSeconds > 0 && elapsed > maxSeconds * 1000) break;
  }
  result.seconds = (performance.now() - started) / 1000;
  const cut = result.all.api.length < requests ? ` (time cap ${maxSeconds} s)` : '';
  line.done(`  ${s.name}: ${result.all.api.length} requests${cut} in ${result.seconds.toFixed(1)} s`);
  return result;
}

function group(result: LatencyResult, key: string): Samples {
  let g = result.groups.get(key);
  if (!g) result.groups.set(key, (g = empty()));
  return g;
}
