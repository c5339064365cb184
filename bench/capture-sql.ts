import type { Client, InStatement } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import * as schema from '../schema/index.js';
import type { Db } from '../functions/db.js';
import { auditListSpec } from '../functions/services/audit/audit-list.js';
import type { Scope } from '../functions/services/scope.js';
import { ListQuerySchema } from '../functions/services/table/list-query.js';
import { listPage } from '../functions/services/table/list-spec.js';
import { userListSpec } from '../functions/services/users/user-list.js';
import type { CapturedStatement, ListName, QueryParams } from './ipc.js';

/**
 * The SQL the app's own list code emits for a query, caught by a drizzle instance whose client
 * records instead of running. The raw baseline then runs exactly these statements, so it cannot
 * drift from the app's WHERE/LIKE/ORDER BY/LIMIT/OFFSET when a list's spec changes.
 */
export async function captureListSql(list: ListName, scope: Scope, params: QueryParams): Promise<CapturedStatement[]> {
  const seen: CapturedStatement[] = [];
  const recorder = {
    execute: async (stmt: InStatement) => {
      if (typeof stmt === 'string') seen.push({ sql: stmt, args: [] });
      else seen.push({ sql: stmt.sql, args: (stmt.args ?? []) as CapturedStatement['args'] });
      return { rows: [], columns: [], columnTypes: [], rowsAffected: 0, lastInsertRowid: undefined };
    },
  } as unknown as Client;
  const db = drizzle(recorder, { schema }) as unknown as Db;
  const spec = list === 'audit' ? auditListSpec(db, scope) : userListSpec(db, scope);
  await listPage(spec as never, ListQuerySchema.parse(params));
  // listPage asks for the page and the count at once; put the page first, as the report reads.
  return seen.sort((a, b) => Number(isCount(a)) - Number(isCount(b)));
}

export const isCount = (s: CapturedStatement): boolean => /^select count\(\*\)/i.test(s.sql);

/** The page statement with its LIMIT (and OFFSET, which drizzle leaves out when 0) replaced. */
export function withLimit(s: CapturedStatement, limit: number): CapturedStatement {
  if (/ limit \? offset \?$/i.test(s.sql)) return { sql: s.sql.replace(/ offset \?$/i, ''), args: [...s.args.slice(0, -2), limit] };
  if (/ limit \?$/i.test(s.sql)) return { sql: s.sql, args: [...s.args.slice(0, -1), limit] };
  throw new Error(`expected "limit ?" at the end of: ${s.sql}`);
}
