import type { Client, InArgs, InStatement } from '@libsql/client';
import { progress } from './progress.js';

type Value = string | number | null;

export interface BulkInsert {
  table: string;
  columns: readonly string[];
  rows: number;
  /** Values of row i, in column order. */
  row: (i: number) => Value[];
  /** Shown on the progress line; null keeps quiet (small side tables). */
  label: string | null;
}

/** 500 rows × up to 10 columns stays far below SQLite's 32 766 bound parameters per statement. */
const ROWS_PER_STATEMENT = 500;
/** Statements per transaction: 10 000 rows commit at a time. */
const STATEMENTS_PER_BATCH = 20;

/**
 * Multi-row INSERTs, many per transaction (`client.batch` runs them as one), which is what makes
 * a million rows take seconds instead of the hours one-row autocommit inserts would.
 */
export async function bulkInsert(client: Client, spec: BulkInsert): Promise<number> {
  const started = performance.now();
  const line = progress();
  const rowSql = `(${spec.columns.map(() => '?').join(',')})`;
  const head = `insert into ${spec.table} (${spec.columns.join(',')}) values `;
  let i = 0;
  while (i < spec.rows) {
    const batch: InStatement[] = [];
    for (let s = 0; s < STATEMENTS_PER_BATCH && i < spec.rows; s++) {
      const n = Math.min(ROWS_PER_STATEMENT, spec.rows - i);
      const args: Value[] = [];
      for (let k = 0; k < n; k++) args.push(...spec.row(i + k));
      batch.push({ sql: head + Array(n).fill(rowSql).join(','), args: args as InArgs });
      i += n;
    }
    await client.batch(batch, 'write');
    if (spec.label) line.update(`  seeding ${spec.label}: ${i.toLocaleString('en')} / ${spec.rows.toLocaleString('en')}`, performance.now() - started);
  }
  const seconds = (performance.now() - started) / 1000;
  if (spec.label) line.done(`  seeded ${spec.label}: ${spec.rows.toLocaleString('en')} rows in ${seconds.toFixed(1)} s`);
  return seconds;
}
