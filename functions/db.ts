import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import type * as schema from '../schema/index.js';

export type Schema = typeof schema;

/**
 * The database as services see it: drizzle over SQLite, async. Both libSQL (Node, sqld/Turso over
 * HTTP) and D1 (workerd tests) satisfy it. Atomic multi-row changes use `batch`, which both run
 * as one transaction; interactive transactions are avoided because D1 has none.
 */
export type Db = BaseSQLiteDatabase<'async', unknown, Schema> & {
  batch: LibSQLDatabase<Schema>['batch'];
};

/** One statement usable inside `db.batch([...])`. */
export type BatchItem = Parameters<Db['batch']>[0][number];
