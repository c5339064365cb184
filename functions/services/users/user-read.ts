import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { extensions, groupMembers, groups, permissionProfiles, userSites, users } from '../../../schema/index.js';
import { notFound } from '../../errors.js';
import type { Scope } from '../scope.js';
import { userVisibility } from './user-list.js';

export interface UserDetail {
  id: string;
  fullName: string;
  email: string;
  isOwner: boolean;
  source: 'manual' | 'sync';
  language: string;
  alternateEmail: string | null;
  profile: { id: string; name: string };
  /** Null: every site of the organization. */
  siteIds: string[] | null;
  groups: { id: string; name: string; supervisor: boolean }[];
  extensions: { siteId: string; number: string; source: 'manual' | 'sync' }[];
  createdAt: Date;
  updatedAt: Date;
}

/** One user the actor may see, or NOT_FOUND (also for other organizations' users). */
export async function getUser(db: Db, scope: Scope, id: string): Promise<UserDetail> {
  const [row] = await db
    .select({ user: users, profileName: permissionProfiles.name })
    .from(users)
    .innerJoin(permissionProfiles, eq(permissionProfiles.id, users.profileId))
    .where(and(eq(users.id, id), eq(users.orgId, scope.orgId), userVisibility(db, scope)));
  if (!row) throw notFound('user');
  const { user } = row;
  const [memberships, links, sites] = await Promise.all([
    db
      .select({ id: groups.id, name: groups.name, supervisor: groupMembers.supervisor })
      .from(groupMembers)
      .innerJoin(groups, eq(groups.id, groupMembers.groupId))
      .where(eq(groupMembers.userId, id))
      .orderBy(asc(groups.name)),
    db
      .select({ siteId: extensions.siteId, number: extensions.number, source: extensions.source })
      .from(extensions)
      .where(eq(extensions.userId, id))
      .orderBy(asc(extensions.number)),
    db.select({ siteId: userSites.siteId }).from(userSites).where(eq(userSites.userId, id)),
  ]);
  // A site-limited actor sees only the links on its own sites.
  const inScope = (siteId: string) => scope.siteIds === null || scope.siteIds.includes(siteId);
  return {
    id: user.id,
    fullName: user.fullName,
    email: user.email,
    isOwner: user.isOwner,
    source: user.source,
    language: user.language,
    alternateEmail: user.alternateEmail,
    profile: { id: user.profileId, name: row.profileName },
    siteIds: user.siteRestricted ? sites.map((s) => s.siteId).filter(inScope) : null,
    groups: memberships,
    extensions: links.filter((l) => inScope(l.siteId)),
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}
