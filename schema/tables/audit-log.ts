import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id, orgId } from './columns.js';

/** Who changed what and when; written in the same batch as the change. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: id(),
    orgId: orgId(),
    actorId: text('actor_id'),
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    summary: text('summary').notNull().default(''),
    at: createdAt(),
  },
  (t) => [index('audit_org_at_idx').on(t.orgId, t.at)],
);
