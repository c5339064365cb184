import type { Client } from '@libsql/client';
import { auditRow, type AuditSeedOptions } from './audit-rows.js';
import { bulkInsert } from './bulk-insert.js';
import { prng } from './vocab.js';

const AUDIT_COLUMNS = ['id', 'org_id', 'actor_id', 'actor_name', 'action', 'entity_type', 'entity_id', 'summary', 'created_at'] as const;

/** The audit log of one organization: `rows` entries over the last year, oldest first. */
export async function seedAudit(client: Client, o: AuditSeedOptions, label: string): Promise<number> {
  const rand = prng(7);
  return bulkInsert(client, { table: 'audit_log', columns: AUDIT_COLUMNS, rows: o.rows, label, row: (i) => auditRow(o, i, rand) });
}
