import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, orgId, updatedAt } from './columns.js';

export const users = sqliteTable(
  'users',
  {
    id: id(),
    orgId: orgId(),
    fullName: text('full_name').notNull(),
    /** Lower-cased; unique across the deployment because sign-in is by e-mail alone. */
    email: text('email').notNull(),
    /** Null for users synced from the PBX until someone sets a password. */
    passwordHash: text('password_hash'),
    profileId: text('profile_id').notNull(),
    /** The organization's administrator: all permissions, cannot be deleted. */
    isOwner: integer('is_owner', { mode: 'boolean' }).notNull().default(false),
    language: text('language').notNull().default('pt-BR'),
    alternateEmail: text('alternate_email'),
    /** Whether the user is limited to the sites in user_sites. */
    siteRestricted: integer('site_restricted', { mode: 'boolean' }).notNull().default(false),
    source: text('source', { enum: ['manual', 'sync'] }).notNull().default('manual'),
    /** Name and e-mail folded for search (services/table/fold.ts), kept by every write of either. */
    searchText: text('search_text').notNull().default(''),
    /** Dashboard gadget ids in display order; null means the default layout. */
    dashboard: text('dashboard', { mode: 'json' }).$type<string[]>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  // The list's default order is by name without case, then id: one index range, no sorting.
  (t) => [uniqueIndex('users_email_uq').on(t.email), index('users_org_name_nocase_idx').on(t.orgId, sql`${t.fullName} collate nocase`, t.id)],
);

export const userSites = sqliteTable(
  'user_sites',
  {
    userId: text('user_id').notNull(),
    siteId: text('site_id').notNull(),
    orgId: orgId(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.siteId] })],
);
