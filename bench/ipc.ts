/** Messages between the bench (parent) and the server process it forks (child). */

export type ListName = 'audit' | 'users';

/** The list query of one request, as the API would receive it. */
export interface QueryParams {
  q?: string;
  page?: number;
  pageSize?: number;
  sort?: string;
}

export type Command =
  /** Runs, through the app's own libSQL client, the SQL the app would run for this page. */
  | { kind: 'raw-page'; list: ListName; token: string; query: QueryParams }
  /** Selects every row of the export's filter and order in one query, with memory watched. */
  | { kind: 'raw-export'; list: ListName; token: string; query: QueryParams }
  /** Full collection, then the memory the process holds. */
  | { kind: 'gc' }
  | { kind: 'heap-start' }
  | { kind: 'heap-stop' }
  /** SQL statements the app ran since the last reset, with their durations. */
  | { kind: 'sql-start'; detailed: boolean }
  | { kind: 'sql-stop' }
  | { kind: 'explain'; sql: string; args: (string | number | null)[] }
  /** Runs a statement `repeat` times; the fastest and median durations, and its row count. */
  | { kind: 'time-sql'; sql: string; args: (string | number | null)[]; repeat: number }
  /** Schema change on a connection of its own: the app's connection may hold statements open. */
  | { kind: 'ddl'; sql: string }
  | { kind: 'captured-sql'; list: ListName; token: string; query: QueryParams };

export interface RawResult {
  ms: number;
  /** Of which the COUNT(*) statement (0 for an export). */
  countMs: number;
  rows: number;
}

export interface HeapResult {
  /** heapUsed before, and the highest seen while watching (sampled every 20 ms and after each step). */
  heapBefore: number;
  heapPeak: number;
  /** Highest heapUsed seen right after a major collection: the heap really held (a bound from above). */
  livePeak: number;
  /** Major collections seen; with none, livePeak says nothing. */
  majorGcs: number;
  /** Memory outside the V8 heap held by JS objects (Buffers, zlib), before and at its highest. */
  externalBefore: number;
  externalPeak: number;
  rssBefore: number;
  rssPeak: number;
}

export interface SqlStats {
  statements: number;
  totalMs: number;
  /** Durations in order, when asked for. */
  each: { sql: string; args: CapturedStatement['args']; ms: number; rows: number }[];
}

export interface CapturedStatement {
  sql: string;
  args: (string | number | null)[];
}

export type Reply<C extends Command> = C extends { kind: 'raw-page' }
  ? RawResult
  : C extends { kind: 'raw-export' }
    ? RawResult & HeapResult
    : C extends { kind: 'gc' | 'heap-start' }
      ? NodeJS.MemoryUsage
      : C extends { kind: 'heap-stop' }
        ? HeapResult
        : C extends { kind: 'sql-stop' }
          ? SqlStats
          : C extends { kind: 'explain' }
            ? string[]
            : C extends { kind: 'time-sql' }
              ? { bestMs: number; medianMs: number; rows: number }
            : C extends { kind: 'captured-sql' }
              ? CapturedStatement[]
              : null;

export type Envelope = { id: number; command: Command };
export type Answer = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
export type Ready = { ready: true; port: number };
