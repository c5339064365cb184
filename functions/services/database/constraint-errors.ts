/**
 * Whether a failed statement broke a UNIQUE (or PRIMARY KEY) constraint of `table`. SQLite says so
 * in the message ("UNIQUE constraint failed: table.column, …") on every driver we run on (libSQL
 * file and HTTP, D1); drizzle wraps the driver's error, so the causes are searched too.
 */
export function isUniqueViolation(error: unknown, table: string): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.message.includes(`UNIQUE constraint failed: ${table}.`)) return true;
  }
  return false;
}
