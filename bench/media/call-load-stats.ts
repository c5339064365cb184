/**
 * Numbers of the call-load bench: jitter of an echoed stream against its own RTP timeline, loss
 * from gaps in that timeline, and a process's CPU from /proc.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const MS_PER_TIMESTAMP = 1000 / 8000;
const FRAME_TIMESTAMPS = 160;

export interface StreamTiming {
  /** Lateness of each packet behind the most punctual one of its stream, in ms. */
  lateness: number[];
  expected: number;
  received: number;
}

/**
 * A packet stamped t should arrive (t − t₀)/8 ms after the first one; each stream's offset is
 * anchored at its most punctual packet, so what remains is how late the sender (and the path)
 * was. Anchoring at the first packet instead would call every later packet early when the first
 * one happened to be late. With `sent` (a far end that reflects our packets) the reference is
 * when each packet left us instead of the grid, and only the packets we sent are owed. Gaps in the timestamps are frames that never
 * came: the sender skipped a tick, or the packet was lost.
 */
export function streamTiming(arrivals: readonly number[], stamps: readonly number[], sent?: { at: readonly number[]; stamps: readonly number[] }): StreamTiming {
  if (arrivals.length === 0) return { lateness: [], expected: 0, received: 0 };
  const first = stamps[0]!;
  const offsets: number[] = [];
  const seen = new Set<number>();
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < arrivals.length; i++) {
    // Signed 32-bit difference: correct across the timestamp's wrap-around.
    const rel = (stamps[i]! - first) | 0;
    seen.add(rel);
    lo = Math.min(lo, rel);
    hi = Math.max(hi, rel);
    offsets.push(arrivals[i]! - (sent ? sent.at[i]! : rel * MS_PER_TIMESTAMP));
  }
  let anchor = Infinity;
  for (const o of offsets) anchor = Math.min(anchor, o);
  // Our own missed ticks left gaps in the timestamps too; a reflecting far end owes only what we sent.
  const expected = sent ? sent.stamps.filter((s) => ((s - first) | 0) >= lo && ((s - first) | 0) <= hi).length : Math.floor((hi - lo) / FRAME_TIMESTAMPS) + 1;
  return { lateness: offsets.map((o) => o - anchor), expected, received: seen.size };
}

export function percentile(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

let clockTicks: number | undefined;

function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    const out = spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim();
    clockTicks = Number(out) > 0 ? Number(out) : 100;
  }
  return clockTicks;
}

/** CPU seconds (user + system, all threads) a process has used, from /proc/<pid>/stat. */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
}

/** Measures a process's CPU % of one core between start() and the returned stop(). */
export function cpuMeter(pid: number): () => number {
  const cpu0 = processCpuSeconds(pid);
  const t0 = performance.now();
  return () => (100 * (processCpuSeconds(pid) - cpu0)) / ((performance.now() - t0) / 1000);
}

/** The same for this process, from process.cpuUsage (finer than clock ticks). */
export function selfCpuMeter(): () => number {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  return () => {
    const used = process.cpuUsage(cpu0);
    return (100 * ((used.user + used.system) / 1e6)) / ((performance.now() - t0) / 1000);
  };
}
