/** Percentile by linear interpolation between closest ranks (p in 0..100). */
export function percentile(samples: readonly number[], p: number): number {
  if (!samples.length) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export interface Summary {
  n: number;
  p50: number;
  p99: number;
}

export const summarize = (samples: readonly number[]): Summary => ({ n: samples.length, p50: percentile(samples, 50), p99: percentile(samples, 99) });

/** API cost over raw cost; how many times the framework's path costs what the database alone does. */
export const ratio = (api: number, raw: number): number => (raw > 0 ? api / raw : Number.NaN);

export const mb = (bytes: number): number => bytes / 2 ** 20;
