import type { Client } from '@libsql/client';
import type { BenchConfig } from './config.js';
import { seedAudit } from './seed-audit.js';
import { seedUsers } from './seed-users.js';
import type { BenchSetup } from './setup.js';

export interface SeedTimes {
  auditSeconds: number;
  userSeconds: number;
  totalSeconds: number;
  dbBytes: number;
}

/**
 * Fills the main organization: users first (their ids become audit actors), then the audit log.
 * The seeding connection trades durability for speed; the server process opens its own.
 */
export async function seedAll(client: Client, setup: BenchSetup, cfg: BenchConfig): Promise<SeedTimes> {
  const started = performance.now();
  await client.execute('pragma synchronous = off');
  await client.execute('pragma cache_size = -262144'); // 256 MiB: the random-UUID primary key index stays in memory
  const now = Date.now();
  const { org } = setup.main;
  const profiles = await client.execute({ sql: 'select id from permission_profiles where org_id = ? order by is_default desc', args: [org.orgId] });
  const users = cfg.userRows > 0
    ? await seedUsers(client, setup.deps.kdf, { orgId: org.orgId, siteId: org.siteId, profileIds: profiles.rows.map((r) => String(r.id)), users: cfg.userRows, now })
    : { seconds: 0, userIds: [] };
  const auditSeconds = await seedAudit(client, { orgId: org.orgId, rows: cfg.auditRows, end: now, spanMs: 365 * 86_400_000, actorIds: users.userIds }, 'audit_log');
  await client.execute('pragma wal_checkpoint(truncate)');
  const size = await client.execute('select page_count * page_size as n from pragma_page_count(), pragma_page_size()');
  return { auditSeconds, userSeconds: users.seconds, totalSeconds: (performance.now() - started) / 1000, dbBytes: Number(size.rows[0]?.n ?? 0) };
}
