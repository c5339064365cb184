import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../schema/index.js';
import { refreshStatistics } from '../../functions/services/database/statistics.js';
import { createHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const plan = async () =>
  (await h.deps.db.all<{ detail: string }>(sql`explain query plan select count(*) from audit_log where org_id = ${h.org.orgId} and search_text like '%x%'`))
    .map((p) => p.detail)
    .join(' ');

describe('planner statistics', () => {
  it('make a search of one large organization walk the log in time order, not by the actor index', async () => {
    const at = Date.now();
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      id: `a-${i}`, orgId: h.org.orgId, actorName: `Actor ${i % 97}`, action: 'update', entityType: 'user', summary: `change ${i}`, searchText: `actor ${i % 97} change ${i}`, at: new Date(at - i),
    }));
    for (let i = 0; i < rows.length; i += 500) await h.deps.db.insert(auditLog).values(rows.slice(i, i + 500));
    // Without statistics SQLite takes any org_id index to be selective: a random read per row.
    expect(await plan()).toContain('audit_org_actor_idx');
    await refreshStatistics(h.deps.db);
    expect((await h.deps.db.all<{ tbl: string }>(sql`select tbl from sqlite_stat1`)).map((r) => r.tbl)).toContain('audit_log');
    expect(await plan()).not.toContain('audit_org_actor_idx');
  });
});
