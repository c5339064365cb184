import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { extensions, groups, permissionProfiles, sites, users } from '../../../schema/index.js';
import type { PermissionMatrix } from '../../../schema/tables/permission-profiles.js';
import { ApiError, fieldError } from '../../errors.js';
import { grantsBeyond } from '../auth/permissions.js';
import type { Scope } from '../scope.js';

/** Nobody hands out more than they hold: a matrix beyond the actor's own grants is refused. */
export function checkGrantable(scope: Scope, matrix: PermissionMatrix, field: string): void {
  const beyond = grantsBeyond(scope.grants, matrix);
  if (beyond.length) {
    throw new ApiError('VALIDATION', `${field}: grants permissions you do not have (${beyond.join(', ')})`, { fields: [{ field, message: 'err.grantBeyondOwn' }] });
  }
}

/**
 * The profile must belong to the organization (absent means DEFAULT) and grant nothing the actor
 * lacks, or a user with system.edit could raise anyone, themselves included, to administrator.
 * DEFAULT is exempt: every new user gets it anyway (manual 2.6), synced ones included.
 */
export async function resolveProfileId(db: Db, scope: Scope, profileId: string | undefined): Promise<string> {
  const where = profileId
    ? and(eq(permissionProfiles.orgId, scope.orgId), eq(permissionProfiles.id, profileId))
    : and(eq(permissionProfiles.orgId, scope.orgId), eq(permissionProfiles.isDefault, true));
  const [row] = await db.select({ id: permissionProfiles.id, permissions: permissionProfiles.permissions, isDefault: permissionProfiles.isDefault }).from(permissionProfiles).where(where);
  if (!row) throw fieldError('profileId', 'err.unknownProfile');
  if (!row.isDefault) checkGrantable(scope, row.permissions, 'profileId');
  return row.id;
}

export async function checkGroupIds(db: Db, scope: Scope, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const found = await db.select({ id: groups.id }).from(groups).where(and(eq(groups.orgId, scope.orgId), inArray(groups.id, unique)));
  if (found.length !== unique.length) throw fieldError('groupIds', 'err.unknownGroup');
  return unique;
}

/** Sites must exist in the organization and lie inside the actor's own site limit. */
export async function checkSiteIds(db: Db, scope: Scope, ids: string[], field = 'siteIds'): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const found = await db.select({ id: sites.id }).from(sites).where(and(eq(sites.orgId, scope.orgId), inArray(sites.id, unique)));
  const outside = scope.siteIds ? unique.filter((id) => !scope.siteIds!.includes(id)) : [];
  if (found.length !== unique.length || outside.length) throw fieldError(field, 'err.unknownSite');
  return unique;
}

/** A site-limited actor cannot give anyone access to every site. */
export function checkAllSitesAllowed(scope: Scope, siteIds: string[] | null): void {
  if (siteIds === null && scope.siteIds !== null) throw fieldError('siteIds', 'err.siteLimitRequired');
}

export async function checkEmailFree(db: Db, email: string, exceptUserId?: string): Promise<void> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(exceptUserId ? and(eq(users.email, email), ne(users.id, exceptUserId)) : eq(users.email, email));
  if (row) throw fieldError('email', 'err.emailTaken');
}

/** Extension numbers already linked to someone else on the same site. */
export async function checkExtensionsFree(db: Db, links: { siteId: string; number: string }[], userId: string): Promise<void> {
  const seen = new Set<string>();
  for (const link of links) {
    if (seen.has(link.siteId)) throw fieldError('extensions', 'err.oneExtensionPerSite');
    seen.add(link.siteId);
    const [row] = await db
      .select({ userId: extensions.userId })
      .from(extensions)
      .where(and(eq(extensions.siteId, link.siteId), eq(extensions.number, link.number)));
    if (row?.userId && row.userId !== userId) throw fieldError('extensions', 'err.extensionTaken');
  }
}
