import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id, orgId, updatedAt } from './columns.js';

/** Module → granted actions; the matrix of manual 2.6. Validated by services/auth/permissions. */
export type PermissionMatrix = Partial<Record<string, string[]>>;

export const permissionProfiles = sqliteTable(
  'permission_profiles',
  {
    id: id(),
    orgId: orgId(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** The DEFAULT profile: given to new users, editable, never deleted. */
    isDefault: integer('is_default', { mode: 'boolean' }).notNull().default(false),
    permissions: text('permissions', { mode: 'json' }).$type<PermissionMatrix>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('profiles_org_idx').on(t.orgId, t.name)],
);
