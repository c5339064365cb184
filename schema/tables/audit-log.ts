import { sql } from 'drizzle-orm';
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
    /** Actor, action, entity and summary folded for search; rows never change after insert. */
    searchText: text('search_text').notNull().default(''),
    at: createdAt(),
  },
  // Newest first with id as the tie-break, and by actor: each sort is one index range.
  (t) => [index('audit_org_at_id_idx').on(t.orgId, t.at, t.id), index('audit_org_actor_idx').on(t.orgId, sql`${t.actorName} collate nocase`, t.id)],
);
