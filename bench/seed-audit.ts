import type { Client } from '@libsql/client';
import { auditSearchText } from '../functions/services/audit/audit-entry.js';
import { auditRow, type AuditSeedOptions, type AuditValues } from './audit-rows.js';
import { bulkInsert } from './bulk-insert.js';
import { prng } from './vocab.js';

const AUDIT_COLUMNS = ['id', 'org_id', 'actor_id', 'actor_name', 'action', 'entity_type', 'entity_id', 'summary', 'created_at', 'search_text'] as const;

/** The row plus its folded search text, as the app's auditEntry writes it. */
function withSearchText(row: AuditValues): [...AuditValues, string] {
  const [, , , actor, action, entity, , summary] = row;
  return [...row, auditSearchText(actor, action, entity, summary)];
}

/** The audit log of one organization: `rows` entries over the last year, oldest first. */
export async function seedAudit(client: Client, o: AuditSeedOptions, label: string): Promise<number> {
  const rand = prng(7);
  return bulkInsert(client, { table: 'audit_log', columns: AUDIT_COLUMNS, rows: o.rows, label, row: (i) => withSearchText(auditRow(o, i, rand)) });
}
