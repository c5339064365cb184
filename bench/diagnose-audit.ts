import type { BenchServer } from './child.js';
import type { ExportResult } from './export-bench.js';
import type { CapturedStatement } from './ipc.js';
import { probe, rewrite, type Finding } from './probe.js';
import { SELECTIVE_WORD } from './vocab.js';

/**
 * Causes behind the audit numbers: the sort's id tie-break missing from audit_org_at_idx (deep
 * OFFSET pages, export chunks), the export's OR-shaped keyset, and lower() in the search.
 */
export async function diagnoseAudit(server: BenchServer, token: string, auditRows: number, exports: ExportResult[]): Promise<Finding> {
  const p = probe(server, token);
  p.finding.title = 'audit_log: the app\'s statements and variants of them (same client, same data)';
  const deep = (await p.capture('audit', { page: Math.floor(auditRows / 2 / 25) + 1 })).page;
  const keyset = exports.find((e) => e.lastChunk)?.lastChunk;
  const rowValue = toRowValueKeyset(keyset);
  const { count } = await p.capture('audit', { q: SELECTIVE_WORD });

  await p.measure('deep page as emitted (order by created_at desc, id desc)', 'deepPageMs', deep);
  await p.measure('deep page without the id tie-break (diagnostic only)', 'deepPageNoTieBreakMs', rewrite(deep, /, "audit_log"\."id" desc/, ''));
  await p.measure('a late export chunk as emitted: a < ? or (a = ? and id < ?)', 'keysetChunkMs', keyset);
  await p.measure('same chunk with a row-value keyset: (a, id) < (?, ?)', 'keysetRowValueMs', rowValue);
  await p.measure(`search count q=${SELECTIVE_WORD} as emitted: lower(col) like ?`, 'countLowerMs', count);
  await p.measure('same count without lower() (LIKE folds ASCII case itself)', 'countNoLowerMs', rewrite(count, /lower\(("[^"]+"\."[^"]+")\)/g, '$1'));
  // The fix proposed for the first two: the tie-break column in the index (bench copy only, then put back).
  await p.swapIndex('audit_org_at_idx', 'audit_log', 'org_id, created_at, id');
  await p.measure('deep page, audit_org_at_idx on (org_id, created_at, id)', 'deepPageIndexedMs', deep);
  await p.measure('export chunk as emitted, with that index', 'keysetChunkIndexedMs', keyset);
  await p.measure('row-value chunk, with that index', 'keysetRowValueIndexedMs', rowValue);
  await p.swapIndex('audit_org_at_idx', 'audit_log', 'org_id, created_at');
  return p.finding;
}

/** `(a < ? or (a = ? and id < ?))`, as drizzle writes listAll's keyset, turned into `(a, id) < (?, ?)`. */
function toRowValueKeyset(s: CapturedStatement | undefined): CapturedStatement | null {
  const re = /\((\S+) ([<>]) \? or \(\1 = \? and (\S+) \2 \?\)\)/;
  const m = s && re.exec(s.sql);
  if (!s || !m) return null;
  // The keyset's three arguments come just before LIMIT's, the statement's last.
  const [value, , id] = s.args.slice(-4, -1);
  return { sql: s.sql.replace(re, `(${m[1]}, ${m[3]}) ${m[2]} (?, ?)`), args: [...s.args.slice(0, -4), value ?? null, id ?? null, s.args.at(-1) ?? null] };
}
