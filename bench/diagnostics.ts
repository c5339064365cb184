import type { BenchServer } from './child.js';
import { diagnoseAudit } from './diagnose-audit.js';
import { diagnoseUsers } from './diagnose-users.js';
import type { ExportResult } from './export-bench.js';
import { timedGet } from './http.js';
import type { ListName, QueryParams } from './ipc.js';
import { isCount } from './capture-sql.js';
import { probe, type Finding } from './probe.js';
import { SELECTIVE_WORD } from './vocab.js';

/** Looks for the causes behind the numbers: query plans, then timed variants of the app's statements. */
export async function diagnose(server: BenchServer, token: string, auditRows: number, users: boolean, exports: ExportResult[]): Promise<Finding[]> {
  const p = probe(server, token);
  p.finding.title = 'Query plans (EXPLAIN QUERY PLAN of the SQL the app emits)';
  const plans: [string, ListName, QueryParams][] = [
    ['audit default page', 'audit', { page: 2 }],
    ['audit sort=actor', 'audit', { page: 2, sort: 'actor' }],
    ['audit search', 'audit', { q: SELECTIVE_WORD, page: 2 }],
  ];
  if (users) plans.push(['users default page', 'users', { page: 2 }], ['users search', 'users', { q: 'souza', page: 2 }]);
  for (const [label, list, query] of plans) {
    const { page, count } = await p.capture(list, query);
    for (const s of [page, count]) if (s) p.finding.lines.push(`${label} (${isCount(s) ? 'count' : 'page'}): ${await p.plan(s)}`);
  }
  p.finding.data.plans = p.finding.lines;
  const findings = [p.finding, await diagnoseAudit(server, token, auditRows, exports)];
  if (users) findings.push(await diagnoseUsers(server, token));
  findings.push(await accentCheck(server, token));
  return findings;
}

/** Search folds case with SQLite's lower(), which knows ASCII only: "úrsula" cannot find "Úrsula". */
async function accentCheck(server: BenchServer, token: string): Promise<Finding> {
  const total = async (q: string) => {
    const res = await timedGet(`${server.baseUrl}/api/v1/audit?q=${encodeURIComponent(q)}&pageSize=1`, token);
    return (JSON.parse(new TextDecoder().decode(res.body)) as { total: number }).total;
  };
  const [lower, upper, ascii] = [await total('úrsula'), await total('Úrsula'), await total('ursula')];
  return {
    title: 'Search and accented capitals (actor names include "Úrsula")',
    lines: [`q=úrsula → ${lower} matches; q=Úrsula → ${upper}; q=ursula → ${ascii}`],
    data: { lowerAccent: lower, upperAccent: upper, ascii },
  };
}
