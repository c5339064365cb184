import { and, eq, inArray } from 'drizzle-orm';
import type { BatchItem, Db } from '../../db.js';
import { extensions, groupMembers, sessions, userSites, users } from '../../../schema/index.js';
import { ApiError, fieldError } from '../../errors.js';
import { domainEvent } from '../events/domain-event.js';
import { auditEntry } from '../audit/audit-entry.js';
import { hashPassword, type Kdf } from '../auth/password.js';
import { newId } from '../auth/random.js';
import type { Scope } from '../scope.js';
import { replaceExtensionLinks } from './extension-links.js';
import { userSearchText } from './search-text.js';
import { checkAllSitesAllowed, checkEmailFree, checkExtensionsFree, checkGroupIds, checkSiteIds, resolveProfileId } from './references.js';
import { getUser } from './user-read.js';
import type { UserCreate, UserUpdate } from './user-schemas.js';

export interface UserWriteDeps {
  db: Db;
  kdf: Kdf;
  kdfCost: number;
  now: () => Date;
}

/** The user's site list; a site-limited actor replaces only the part inside its own sites. */
function siteRows(db: Db, orgId: string, userId: string, siteIds: string[] | null, visibleSiteIds: string[] | null = null): BatchItem[] {
  const inScope = visibleSiteIds ? inArray(userSites.siteId, visibleSiteIds.length ? visibleSiteIds : ['-']) : undefined;
  const items: BatchItem[] = [db.delete(userSites).where(and(eq(userSites.userId, userId), inScope))];
  if (siteIds?.length) items.push(db.insert(userSites).values(siteIds.map((siteId) => ({ userId, siteId, orgId }))));
  return items;
}

function groupRows(db: Db, orgId: string, userId: string, groupIds: string[], keepSupervisorOf: Set<string>): BatchItem[] {
  const items: BatchItem[] = [db.delete(groupMembers).where(eq(groupMembers.userId, userId))];
  if (groupIds.length) {
    items.push(db.insert(groupMembers).values(groupIds.map((groupId) => ({ groupId, userId, orgId, supervisor: keepSupervisorOf.has(groupId) }))));
  }
  return items;
}

async function resolveSites(db: Db, scope: Scope, requested: string[] | null | undefined): Promise<string[] | null> {
  // A site-limited actor's new users inherit the actor's sites unless told otherwise.
  const siteIds = requested === undefined ? scope.siteIds : requested;
  checkAllSitesAllowed(scope, siteIds);
  return siteIds === null ? null : checkSiteIds(db, scope, siteIds);
}

export async function createUser(deps: UserWriteDeps, scope: Scope, input: UserCreate): Promise<string> {
  const { db } = deps;
  const now = deps.now();
  await checkEmailFree(db, input.email);
  const profileId = await resolveProfileId(db, scope, input.profileId);
  const groupIds = await checkGroupIds(db, scope, input.groupIds ?? []);
  const siteIds = await resolveSites(db, scope, input.siteIds);
  const links = input.extensions ?? [];
  await checkSiteIds(db, scope, links.map((l) => l.siteId), 'extensions');
  const id = newId();
  await checkExtensionsFree(db, links, id);
  const passwordHash = await hashPassword(deps.kdf, input.password, deps.kdfCost);
  await db.batch([
    db.insert(users).values({
      id, orgId: scope.orgId, fullName: input.fullName, email: input.email, passwordHash, profileId,
      language: input.language ?? 'pt-BR', alternateEmail: input.alternateEmail ?? null, searchText: userSearchText(input.fullName, input.email),
      siteRestricted: siteIds !== null, source: 'manual', createdAt: now, updatedAt: now,
    }),
    ...siteRows(db, scope.orgId, id, siteIds),
    ...groupRows(db, scope.orgId, id, groupIds, new Set()),
    ...replaceExtensionLinks(db, scope.orgId, id, links, now),
    auditEntry(db, scope, { action: 'create', entityType: 'user', entityId: id, summary: `${input.fullName} <${input.email}>` }, now),
    domainEvent(db, scope.orgId, null, 'user.created', { userId: id, email: input.email, fullName: input.fullName, source: 'manual', siteId: null, extension: null }, now),
  ]);
  return id;
}

export async function updateUser(deps: UserWriteDeps, scope: Scope, id: string, input: UserUpdate): Promise<void> {
  const { db } = deps;
  const now = deps.now();
  const current = await getUser(db, scope, id);
  // Only the administrator may change the administrator: anyone else could take the account over.
  if (current.isOwner && scope.userId !== current.id) throw new ApiError('PROTECTED', 'only the administrator can change the administrator account', { messageKey: 'err.ownerOnlyByOwner' });
  // One's own password changes only with the current one (My account), never through the users list.
  if (input.password && scope.userId === id) throw fieldError('password', 'err.ownPasswordOnAccount');
  if (input.email !== undefined) await checkEmailFree(db, input.email, id);
  // Keeping a user's current profile is always allowed; only a change must stay within the actor's grants.
  const profileId = input.profileId !== undefined && input.profileId !== current.profile.id ? await resolveProfileId(db, scope, input.profileId) : undefined;
  const groupIds = input.groupIds !== undefined ? await checkGroupIds(db, scope, input.groupIds) : undefined;
  const siteIds = input.siteIds !== undefined ? await resolveSites(db, scope, input.siteIds) : undefined;
  if (input.extensions) {
    await checkSiteIds(db, scope, input.extensions.map((l) => l.siteId), 'extensions');
    await checkExtensionsFree(db, input.extensions, id);
  }
  const passwordHash = input.password ? await hashPassword(deps.kdf, input.password, deps.kdfCost) : undefined;
  const items: BatchItem[] = [
    db
      .update(users)
      .set({
        fullName: input.fullName, email: input.email, profileId, passwordHash, language: input.language,
        searchText: input.fullName !== undefined || input.email !== undefined ? userSearchText(input.fullName ?? current.fullName, input.email ?? current.email) : undefined,
        alternateEmail: input.alternateEmail, siteRestricted: siteIds === undefined ? undefined : siteIds !== null, updatedAt: now,
      })
      .where(and(eq(users.id, id), eq(users.orgId, scope.orgId))),
  ];
  if (siteIds !== undefined) items.push(...siteRows(db, scope.orgId, id, siteIds, scope.siteIds));
  if (groupIds !== undefined) {
    const supervisorOf = new Set(current.groups.filter((g) => g.supervisor).map((g) => g.id));
    items.push(...groupRows(db, scope.orgId, id, groupIds, supervisorOf));
  }
  if (input.extensions) items.push(...replaceExtensionLinks(db, scope.orgId, id, input.extensions, now, scope.siteIds));
  if (passwordHash && scope.userId !== id) items.push(db.delete(sessions).where(eq(sessions.userId, id)));
  const changed = Object.keys(input).filter((k) => !k.toLowerCase().includes('password') || k === 'password');
  items.push(auditEntry(db, scope, { action: 'update', entityType: 'user', entityId: id, summary: `${current.fullName}: ${changed.join(', ')}` }, now));
  items.push(
    domainEvent(db, scope.orgId, null, 'user.updated', {
      userId: id, email: input.email ?? current.email, fullName: input.fullName ?? current.fullName, source: 'manual',
      changed: Object.keys(input).filter((k) => !k.toLowerCase().includes('password')),
    }, now),
  );
  await db.batch(items as [BatchItem, ...BatchItem[]]);
}

/** Deletes several users at once; the administrator and oneself are refused, nothing is half-deleted. */
export async function deleteUsers(db: Db, scope: Scope, ids: string[], now: Date): Promise<number> {
  const unique = [...new Set(ids)];
  const found = await Promise.all(unique.map((id) => getUser(db, scope, id)));
  if (found.some((u) => u.isOwner)) throw new ApiError('PROTECTED', 'the administrator cannot be deleted', { messageKey: 'err.ownerUndeletable' });
  if (scope.userId && unique.includes(scope.userId)) throw new ApiError('PROTECTED', 'you cannot delete your own account', { messageKey: 'err.selfUndeletable' });
  await db.batch([
    db.delete(groupMembers).where(inArray(groupMembers.userId, unique)),
    db.delete(userSites).where(inArray(userSites.userId, unique)),
    db.delete(sessions).where(inArray(sessions.userId, unique)),
    db.delete(extensions).where(and(inArray(extensions.userId, unique), eq(extensions.source, 'manual'))),
    db.update(extensions).set({ userId: null, updatedAt: now }).where(inArray(extensions.userId, unique)),
    db.delete(users).where(and(eq(users.orgId, scope.orgId), inArray(users.id, unique))),
    ...found.map((u) => auditEntry(db, scope, { action: 'delete', entityType: 'user', entityId: u.id, summary: `${u.fullName} <${u.email}>` }, now)),
    ...found.map((u) => domainEvent(db, scope.orgId, null, 'user.deleted', { userId: u.id, email: u.email, fullName: u.fullName }, now)),
  ]);
  return unique.length;
}
