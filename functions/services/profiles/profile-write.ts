import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { apiTokens, permissionProfiles, users } from '../../../schema/index.js';
import type { PermissionMatrix } from '../../../schema/tables/permission-profiles.js';
import { ApiError, fieldError, notFound } from '../../errors.js';
import { auditEntry } from '../audit/audit-entry.js';
import { newId } from '../auth/random.js';
import type { Scope } from '../scope.js';
import type { ProfileInput, ProfileUpdate } from './profile-schemas.js';
import { checkGrantable } from '../users/references.js';

export interface ProfileRow {
  id: string;
  name: string;
  description: string;
  isDefault: boolean;
  permissions: PermissionMatrix;
}

export async function getProfile(db: Db, scope: Scope, id: string): Promise<ProfileRow> {
  const [row] = await db
    .select({ id: permissionProfiles.id, name: permissionProfiles.name, description: permissionProfiles.description, isDefault: permissionProfiles.isDefault, permissions: permissionProfiles.permissions })
    .from(permissionProfiles)
    .where(and(eq(permissionProfiles.id, id), eq(permissionProfiles.orgId, scope.orgId)));
  if (!row) throw notFound('permission profile');
  return row;
}

async function checkNameFree(db: Db, scope: Scope, name: string, exceptId?: string): Promise<void> {
  const [row] = await db
    .select({ id: permissionProfiles.id })
    .from(permissionProfiles)
    .where(and(eq(permissionProfiles.orgId, scope.orgId), sql`${permissionProfiles.name} = ${name} collate nocase`));
  if (row && row.id !== exceptId) throw fieldError('name', 'err.nameTaken');
}

export async function createProfile(db: Db, scope: Scope, input: ProfileInput, now: Date): Promise<string> {
  checkGrantable(scope, input.permissions, 'permissions');
  await checkNameFree(db, scope, input.name);
  const id = newId();
  await db.batch([
    db.insert(permissionProfiles).values({ id, orgId: scope.orgId, name: input.name, description: input.description, permissions: input.permissions, createdAt: now, updatedAt: now }),
    auditEntry(db, scope, { action: 'create', entityType: 'profile', entityId: id, summary: `${input.name}: ${JSON.stringify(input.permissions)}` }, now),
  ]);
  return id;
}

export async function updateProfile(db: Db, scope: Scope, id: string, input: ProfileUpdate, now: Date): Promise<void> {
  const current = await getProfile(db, scope, id);
  if (input.name !== undefined && current.isDefault && input.name !== current.name) throw fieldError('name', 'err.defaultProfileName');
  if (input.name !== undefined) await checkNameFree(db, scope, input.name, id);
  if (input.permissions !== undefined) checkGrantable(scope, input.permissions, 'permissions');
  await db.batch([
    db
      .update(permissionProfiles)
      .set({ name: input.name, description: input.description, permissions: input.permissions, updatedAt: now })
      .where(and(eq(permissionProfiles.id, id), eq(permissionProfiles.orgId, scope.orgId))),
    auditEntry(db, scope, { action: 'update', entityType: 'profile', entityId: id, summary: `${current.name}: ${JSON.stringify(input.permissions ?? current.permissions)}` }, now),
  ]);
}

/** DEFAULT is never deleted; a profile still given to users or tokens is refused, naming how many. */
export async function deleteProfiles(db: Db, scope: Scope, ids: string[], now: Date): Promise<number> {
  const unique = [...new Set(ids)];
  const found = await Promise.all(unique.map((id) => getProfile(db, scope, id)));
  if (found.some((p) => p.isDefault)) throw new ApiError('PROTECTED', 'the DEFAULT profile cannot be deleted', { messageKey: 'err.defaultUndeletable' });
  const inUse = await db.$count(users, inArray(users.profileId, unique));
  const tokensInUse = await db.$count(apiTokens, and(inArray(apiTokens.profileId, unique), sql`${apiTokens.revokedAt} is null`));
  if (inUse + tokensInUse > 0) {
    throw new ApiError('CONFLICT', `profile in use by ${inUse} user(s) and ${tokensInUse} API token(s); give them another profile first`, {
      messageKey: 'err.profileInUse',
      messageParams: { users: inUse, tokens: tokensInUse },
    });
  }
  await db.batch([
    db.delete(permissionProfiles).where(and(eq(permissionProfiles.orgId, scope.orgId), inArray(permissionProfiles.id, unique))),
    ...found.map((p) => auditEntry(db, scope, { action: 'delete', entityType: 'profile', entityId: p.id, summary: p.name }, now)),
  ]);
  return unique.length;
}
