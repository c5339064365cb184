import { index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, orgId, updatedAt } from './columns.js';

/** A PBX extension (the manual's "personalidade"), synced from the PBX or linked by hand. */
export const extensions = sqliteTable(
  'extensions',
  {
    id: id(),
    orgId: orgId(),
    siteId: text('site_id').notNull(),
    number: text('number').notNull(),
    name: text('name').notNull().default(''),
    email: text('email'),
    userId: text('user_id'),
    source: text('source', { enum: ['manual', 'sync'] }).notNull().default('manual'),
    /** Fingerprint of what the PBX last said, so a sync touches only what changed. */
    syncFingerprint: text('sync_fingerprint'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('extensions_site_number_uq').on(t.siteId, t.number),
    index('extensions_user_idx').on(t.userId),
  ],
);
