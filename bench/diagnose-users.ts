import type { BenchServer } from './child.js';
import { probe, rewrite, type Finding } from './probe.js';

/** `lower(coalesce((select group_concat(X, ' ') from T where K = users.id), '')) like ?`: one subquery per user. */
const CORRELATED_SEARCH = /lower\(coalesce\(\(select group_concat\(([\w.]+), ' '\) from (.+?) where ([\w.]+) = "users"\."id"\), ''\)\) like \? escape '\\'/g;
/** The same test evaluated once for the whole query: the ids of users with a matching extension or group. */
const UNCORRELATED_SEARCH = `"users"."id" in (select $3 from $2 where lower($1) like ? escape '\\')`;

/**
 * Causes behind the users numbers: per-user correlated subqueries in the search, the per-row
 * extension and group arrays computed for every row before the sort keeps 25, and a NOCASE sort
 * that users_org_name_idx (BINARY) cannot serve.
 */
export async function diagnoseUsers(server: BenchServer, token: string): Promise<Finding> {
  const p = probe(server, token);
  p.finding.title = 'users: the app\'s statements and variants of them (same client, same data)';
  const { page } = await p.capture('users', { page: 2 });
  const search = await p.capture('users', { q: 'souza', page: 2 });

  await p.measure('search count q=souza as emitted (correlated subqueries per user)', 'searchCountMs', search.count);
  await p.measure('same count with uncorrelated IN (select user_id …) subqueries', 'searchCountInMs', rewrite(search.count, CORRELATED_SEARCH, UNCORRELATED_SEARCH));
  await p.measure('default page as emitted (extensions and groups arrays per row)', 'pageMs', page);
  await p.measure('same page selecting only users.id (diagnostic only)', 'pageIdsOnlyMs', rewrite(page, /^select .*? from "users" inner join/, 'select "users"."id" from "users" inner join'));
  await p.swapIndex('users_org_name_idx', 'users', 'org_id, full_name collate nocase, id');
  await p.measure('default page, users_org_name_idx on (org_id, full_name collate nocase, id)', 'pageIndexedMs', page);
  await p.swapIndex('users_org_name_idx', 'users', 'org_id, full_name');
  return p.finding;
}
