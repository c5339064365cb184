/**
 * Sizes and repetitions of one bench run, from the environment:
 *   BENCH_ROWS         audit rows (default 1 000 000); users and export rows follow at a tenth
 *   BENCH_USERS        users (default BENCH_ROWS / 10; 0 skips the users scenarios)
 *   BENCH_REQUESTS     timed requests per scenario (default 200), BENCH_WARMUP untimed ones (10)
 *   BENCH_MAX_SECONDS  time cap per scenario (default 60; 0 = always BENCH_REQUESTS)
 *   BENCH_KEEP=1       keeps the temporary data folder
 * `BENCH_ROWS=20000 npm run bench` is a quick check; the numbers come from the defaults.
 */
export interface BenchConfig {
  /** audit_log rows of the main organization. */
  auditRows: number;
  /** Users (with extensions and groups) of the main organization; 0 skips the users scenarios. */
  userRows: number;
  /** Rows an export should produce; the seed makes exactly this many match the export filter. */
  exportRows: number;
  /** Timed requests per scenario, after `warmup` untimed ones. */
  requests: number;
  warmup: number;
  /**
   * Stops a latency scenario after this many seconds of timed requests even if fewer than
   * `requests` were made; 0 never does. At a million rows a search costs ~0.5 s and a users
   * search ~1.8 s (API and raw each), so 200 of everything takes ~27 min; the cap keeps the
   * default run near 10 min and the table shows each scenario's n.
   */
  maxSeconds: number;
  /** Keeps the temporary data folder for inspection instead of deleting it. */
  keep: boolean;
}

function intEnv(env: Record<string, string | undefined>, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return n;
}

export function benchConfig(env: Record<string, string | undefined>): BenchConfig {
  const auditRows = intEnv(env, 'BENCH_ROWS', 1_000_000, 1_000);
  return {
    auditRows,
    userRows: intEnv(env, 'BENCH_USERS', Math.round(auditRows / 10), 0),
    exportRows: Math.round(auditRows / 10),
    requests: intEnv(env, 'BENCH_REQUESTS', 200, 1),
    warmup: intEnv(env, 'BENCH_WARMUP', 10, 0),
    maxSeconds: intEnv(env, 'BENCH_MAX_SECONDS', 60, 0),
    keep: env.BENCH_KEEP === '1',
  };
}
