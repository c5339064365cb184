import type { BenchServer } from './child.js';
import { isCount } from './capture-sql.js';
import type { CapturedStatement, ListName, QueryParams } from './ipc.js';

export interface Finding {
  title: string;
  lines: string[];
  data: Record<string, number | string | string[]>;
}

const REPEAT = 5;

/** Times the app's own statements and variants of them on the server's client, and explains them. */
export function probe(server: BenchServer, token: string) {
  const finding: Finding = { title: '', lines: [], data: {} };
  const plan = async (s: CapturedStatement) => (await server.request({ kind: 'explain', sql: s.sql, args: s.args })).join(' / ');
  return {
    finding,
    plan,
    /** The page and count statements the list emits for this query. */
    async capture(list: ListName, query: QueryParams): Promise<{ page?: CapturedStatement; count?: CapturedStatement }> {
      const all = await server.request({ kind: 'captured-sql', list, token, query });
      return { page: all.find((s) => !isCount(s)), count: all.find(isCount) };
    },
    /** Median of a few runs, with the plan; a variant whose rewrite did not apply is reported as such. */
    async measure(label: string, key: string, s: CapturedStatement | null | undefined) {
      if (!s) {
        finding.lines.push(`${label}: n/a (the app's SQL no longer has the expected shape)`);
        return;
      }
      const t = await server.request({ kind: 'time-sql', sql: s.sql, args: s.args, repeat: REPEAT });
      finding.data[key] = t.medianMs;
      finding.lines.push(`${label}: ${t.medianMs.toFixed(1)} ms median of ${REPEAT} (${t.rows} rows)  plan: ${await plan(s)}`);
    },
    /** Replaces an index on the bench's copy of the database (to time a proposed fix). */
    async swapIndex(name: string, table: string, columns: string) {
      await server.request({ kind: 'ddl', sql: `drop index ${name}` });
      await server.request({ kind: 'ddl', sql: `create index ${name} on ${table} (${columns})` });
    },
  };
}

/** The same statement with its SQL rewritten, or null when the pattern is not found. */
export function rewrite(s: CapturedStatement | undefined, pattern: RegExp, replacement: string): CapturedStatement | null {
  if (!s || !pattern.test(s.sql)) return null;
  return { sql: s.sql.replace(pattern, replacement), args: s.args };
}
