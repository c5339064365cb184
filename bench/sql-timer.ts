import type { Client, InStatement } from '@libsql/client';
import type { SqlStats } from './ipc.js';

/**
 * Times every statement the app sends through its libSQL client, by wrapping the client's
 * `execute` in place (the app is not changed). It shows how much of a request or an export is
 * the database's and how that cost evolves, e.g. chunk after chunk of an export.
 */
export function installSqlTimer(client: Client) {
  const execute = client.execute.bind(client);
  let stats: SqlStats | null = null;
  let detailed = false;
  client.execute = (async (stmt: InStatement) => {
    if (!stats) return execute(stmt);
    const started = performance.now();
    const result = await execute(stmt);
    const ms = performance.now() - started;
    stats.statements++;
    stats.totalMs += ms;
    if (detailed) {
      const [sql, args] = typeof stmt === 'string' ? [stmt, []] : [stmt.sql, (stmt.args ?? []) as SqlStats['each'][number]['args']];
      stats.each.push({ sql, args, ms, rows: result.rows.length });
    }
    return result;
  }) as Client['execute'];
  return {
    start(withEach: boolean) {
      stats = { statements: 0, totalMs: 0, each: [] };
      detailed = withEach;
    },
    stop(): SqlStats {
      const done = stats ?? { statements: 0, totalMs: 0, each: [] };
      stats = null;
      return done;
    },
  };
}
