import type { BenchConfig } from './config.js';
import type { ExportResult } from './export-bench.js';
import type { LatencyResult, Samples } from './latency.js';
import type { SeedTimes } from './seed.js';
import { mb, percentile, ratio, summarize } from './stats.js';

const ms = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)) : '-');
const x = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '-');
const mib = (bytes: number) => (Number.isFinite(bytes) ? `${mb(bytes).toFixed(1)} MiB` : '-');

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function latencyRow(name: string, s: Samples): string[] {
  const api = summarize(s.api);
  const raw = summarize(s.raw);
  const matches = percentile(s.totals, 50);
  return [name, String(api.n), ms(api.p50), ms(api.p99), ms(raw.p50), ms(raw.p99), x(ratio(api.p50, raw.p50)), x(ratio(api.p99, raw.p99)),
    ms(percentile(s.count, 50)), Math.round(matches).toLocaleString('en')];
}

export function latencyTable(results: LatencyResult[]): string {
  const rows: string[][] = [];
  for (const r of results) {
    rows.push(latencyRow(r.name, r.all));
    for (const [key, s] of [...r.groups].sort()) rows.push(latencyRow(`    ${key}`, s));
  }
  return table(['scenario (ms)', 'n', 'p50', 'p99', 'raw p50', 'raw p99', 'ratio p50', 'ratio p99', 'raw count p50', 'matches'], rows);
}

export function exportTable(results: ExportResult[]): string {
  return table(
    ['export', 'rows', 'size', 'time', 'first byte', 'RSS Δ', 'heap Δ', 'live Δ', 'ext Δ', 'raw time', 'raw RSS Δ', 'raw heap Δ', 'raw live Δ', 'time ratio', 'RSS ratio'],
    results.map((e) => [
      e.name, e.rows.toLocaleString('en'), mib(e.bytes), `${(e.ms / 1000).toFixed(2)} s`, `${ms(e.firstByteMs)} ms`,
      mib(e.memory.rss) + (e.memory.rssExact ? '' : '*'), mib(e.memory.heap), mib(e.memory.live), mib(e.memory.external), `${(e.raw.ms / 1000).toFixed(2)} s`,
      mib(e.raw.memory.rss) + (e.raw.memory.rssExact ? '' : '*'), mib(e.raw.memory.heap), mib(e.raw.memory.live),
      x(ratio(e.ms, e.raw.ms)), x(ratio(e.memory.rss, e.raw.memory.rss)),
    ]),
  );
}

export function chunkTable(results: ExportResult[]): string {
  return table(
    ['export: app SQL', 'chunks', 'SQL total', 'SQL share', 'first chunk', 'median chunk', 'last chunk'],
    results.map((e) => [
      e.name, String(e.chunks.statements), `${(e.chunks.totalMs / 1000).toFixed(2)} s`, `${((100 * e.chunks.totalMs) / e.ms).toFixed(0)} %`,
      `${ms(e.chunks.firstMs)} ms`, `${ms(e.chunks.medianMs)} ms`, `${ms(e.chunks.lastMs)} ms`,
    ]),
  );
}

/** One line a script can parse: every number of the run. */
export function jsonLine(cfg: BenchConfig, seed: SeedTimes, latency: LatencyResult[], exports: ExportResult[], extra: Record<string, unknown>, totalSeconds: number): string {
  const stat = (s: Samples) => {
    const api = summarize(s.api);
    const raw = summarize(s.raw);
    return { n: api.n, p50: api.p50, p99: api.p99, rawP50: raw.p50, rawP99: raw.p99, rawCountP50: percentile(s.count, 50), ratioP50: ratio(api.p50, raw.p50), ratioP99: ratio(api.p99, raw.p99), matchesP50: percentile(s.totals, 50) };
  };
  return JSON.stringify({
    bench: 'ramal',
    node: process.version,
    config: { auditRows: cfg.auditRows, userRows: cfg.userRows, exportRows: cfg.exportRows, requests: cfg.requests, warmup: cfg.warmup },
    seed,
    latency: latency.map((r) => ({ scenario: r.name, ...stat(r.all), seconds: r.seconds, groups: Object.fromEntries([...r.groups].map(([k, s]) => [k, stat(s)])) })),
    exports: exports.map(({ lastChunk: _omit, ...e }) => ({ ...e, timeRatio: ratio(e.ms, e.raw.ms), rssRatio: ratio(e.memory.rss, e.raw.memory.rss) })),
    ...extra,
    totalSeconds,
  });
}
