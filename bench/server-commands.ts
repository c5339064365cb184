import type { Client } from '@libsql/client';
import type { Deps } from '../functions/deps.js';
import { loadTokenScope } from '../functions/services/auth/actor.js';
import type { Scope } from '../functions/services/scope.js';
import { captureListSql, isCount, withLimit } from './capture-sql.js';
import type { CapturedStatement, Command, HeapResult, RawResult } from './ipc.js';
import { collect, watchHeap } from './memory.js';
import { percentile } from './stats.js';
import type { installSqlTimer } from './sql-timer.js';

interface ServerParts {
  deps: Deps;
  /** The very client the app queries through. */
  client: Client;
  sqlTimer: ReturnType<typeof installSqlTimer>;
  /**
   * Opens a short-lived second connection to the same database, for EXPLAIN and schema changes:
   * an EXPLAIN through libSQL was seen to leave its connection's read snapshot pinned (later
   * schema changes unseen, DROP INDEX refused with SQLITE_LOCKED), so it never runs on the app's.
   */
  connect: () => Client;
}

/** What the server process does for the bench besides serving HTTP. */
export function commandHandler({ deps, client, sqlTimer, connect }: ServerParts) {
  async function aside<T>(work: (c: Client) => Promise<T>): Promise<T> {
    const other = connect();
    try {
      return await work(other);
    } finally {
      other.close();
    }
  }

  const scopes = new Map<string, Scope>();
  let heap: ReturnType<typeof watchHeap> | null = null;

  async function scopeOf(token: string): Promise<Scope> {
    let scope = scopes.get(token);
    if (!scope) {
      const loaded = await loadTokenScope(deps.db, token, deps.now());
      if (!loaded) throw new Error('unknown bench token');
      scope = loaded.scope;
      scopes.set(token, scope);
    }
    return scope;
  }

  const run = (s: CapturedStatement) => client.execute({ sql: s.sql, args: s.args });

  return async function handle(command: Command): Promise<unknown> {
    switch (command.kind) {
      case 'raw-page': {
        const statements = await captureListSql(command.list, await scopeOf(command.token), command.query);
        const started = performance.now();
        let rows = 0;
        let countMs = 0;
        // One after the other: the client runs SQLite synchronously, so the app's Promise.all is sequential too.
        for (const s of statements) {
          const before = performance.now();
          const result = await run(s);
          if (isCount(s)) countMs += performance.now() - before;
          else rows = result.rows.length;
        }
        return { ms: performance.now() - started, countMs, rows } satisfies RawResult;
      }
      case 'raw-export': {
        const statements = await captureListSql(command.list, await scopeOf(command.token), { ...command.query, page: 1 });
        const page = statements.find((s) => !isCount(s));
        if (!page) throw new Error('no page statement captured');
        const all = withLimit(page, -1); // LIMIT -1: every row of the filter, in the export's order
        collect();
        const watch = watchHeap();
        const started = performance.now();
        const result = await run(all);
        const ms = performance.now() - started;
        watch.live(); // the rows are still referenced here: the heap they really take
        return { ms, countMs: 0, rows: result.rows.length, ...watch.stop() } satisfies RawResult & HeapResult;
      }
      case 'gc':
        collect();
        return process.memoryUsage();
      case 'heap-start':
        heap = watchHeap();
        return process.memoryUsage();
      case 'heap-stop': {
        const result = heap?.stop();
        heap = null;
        if (!result) throw new Error('heap-stop without heap-start');
        return result;
      }
      case 'sql-start':
        sqlTimer.start(command.detailed);
        return null;
      case 'sql-stop':
        return sqlTimer.stop();
      case 'explain': {
        const result = await aside((c) => c.execute({ sql: `explain query plan ${command.sql}`, args: command.args }));
        return result.rows.map((r) => String(r.detail));
      }
      case 'time-sql': {
        const times: number[] = [];
        let rows = 0;
        for (let i = 0; i < command.repeat; i++) {
          const started = performance.now();
          rows = (await run(command)).rows.length;
          times.push(performance.now() - started);
        }
        return { bestMs: Math.min(...times), medianMs: percentile(times, 50), rows };
      }
      case 'ddl':
        await aside((c) => c.execute(command.sql));
        return null;
      case 'captured-sql':
        return captureListSql(command.list, await scopeOf(command.token), command.query);
    }
  };
}
