import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { permissionProfiles } from '../../../schema/index.js';
import type { PermissionMatrix } from '../../../schema/tables/permission-profiles.js';
import type { Scope } from '../scope.js';
import type { ListSpec } from '../table/list-spec.js';

export interface ProfileListRow {
  id: string;
  name: string;
  description: string;
  isDefault: boolean;
  permissions: PermissionMatrix;
  users: number;
}

// Qualified by hand: in a select from one table drizzle renders ${permissionProfiles.id} as a bare
// "id", which inside this subquery would be the user's id and count nothing.
const userCount = sql<number>`(select count(*) from users u where u.profile_id = ${sql.raw('"permission_profiles"."id"')})`;

/** "vmailer: view, listen · vrec: view" — the matrix as one line for tables and exports. */
export function matrixSummary(matrix: PermissionMatrix, moduleLabel: (m: string) => string, actionLabel: (a: string) => string): string {
  return Object.entries(matrix)
    .map(([mod, actions]) => `${moduleLabel(mod)}: ${(actions ?? []).map(actionLabel).join(', ')}`)
    .join(' · ');
}

export function profileListSpec(db: Db, scope: Scope): ListSpec<ProfileListRow> {
  const base = (where: SQL | undefined) => and(eq(permissionProfiles.orgId, scope.orgId), where);
  return {
    defaultSort: 'name',
    idColumn: permissionProfiles.id,
    columns: [
      { key: 'name', label: 'profiles.name', sortBy: sql`${permissionProfiles.name} collate nocase`, sortValue: (r) => r.name, search: permissionProfiles.name, text: (r) => r.name, width: 2 },
      { key: 'description', label: 'profiles.description', search: permissionProfiles.description, text: (r) => r.description, width: 3 },
      {
        key: 'permissions', label: 'profiles.permissions', width: 6,
        text: (r, ctx) => matrixSummary(r.permissions, (m) => ctx.t(`module.${m}` as never), (a) => ctx.t(`action.${a}` as never)),
      },
      { key: 'users', label: 'profiles.users', sortBy: userCount, sortValue: (r) => r.users, text: (r) => String(r.users), width: 1 },
    ],
    fetch: (where, orderBy, limit, offset) =>
      db
        .select({
          id: permissionProfiles.id, name: permissionProfiles.name, description: permissionProfiles.description,
          isDefault: permissionProfiles.isDefault, permissions: permissionProfiles.permissions, users: userCount,
        })
        .from(permissionProfiles)
        .where(base(where))
        .orderBy(...orderBy)
        .limit(limit)
        .offset(offset),
    count: (where) => db.$count(permissionProfiles, base(where)),
  };
}
