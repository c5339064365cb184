import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { groupMembers, users } from '../../../schema/index.js';
import { notFound } from '../../errors.js';
import { auditEntry } from '../audit/audit-entry.js';
import type { Scope } from '../scope.js';
import { userVisibility } from '../users/user-list.js';
import { getGroup } from './group-write.js';

export interface GroupMember {
  userId: string;
  fullName: string;
  email: string;
  supervisor: boolean;
  position: number;
}

/** Members in display order: the position field first (manual 2.5.3 "Ordem"), then by name. */
export async function listMembers(db: Db, scope: Scope, groupId: string): Promise<GroupMember[]> {
  await getGroup(db, scope, groupId);
  return db
    .select({ userId: users.id, fullName: users.fullName, email: users.email, supervisor: groupMembers.supervisor, position: groupMembers.position })
    .from(groupMembers)
    .innerJoin(users, eq(users.id, groupMembers.userId))
    .where(eq(groupMembers.groupId, groupId))
    .orderBy(asc(groupMembers.position), sql`${users.fullName} collate nocase`);
}

async function checkUsersVisible(db: Db, scope: Scope, userIds: string[]): Promise<string[]> {
  const unique = [...new Set(userIds)];
  const found = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.orgId, scope.orgId), inArray(users.id, unique), userVisibility(db, scope)));
  if (found.length !== unique.length) throw notFound('user');
  return unique;
}

export async function addMembers(db: Db, scope: Scope, groupId: string, userIds: string[], now: Date): Promise<number> {
  const group = await getGroup(db, scope, groupId);
  const ids = await checkUsersVisible(db, scope, userIds);
  await db.batch([
    db.insert(groupMembers).values(ids.map((userId) => ({ groupId, userId, orgId: scope.orgId }))).onConflictDoNothing(),
    auditEntry(db, scope, { action: 'add-members', entityType: 'group', entityId: groupId, summary: `${group.name}: ${ids.length}` }, now),
  ]);
  return ids.length;
}

export async function removeMembers(db: Db, scope: Scope, groupId: string, userIds: string[], now: Date): Promise<number> {
  const group = await getGroup(db, scope, groupId);
  const ids = [...new Set(userIds)];
  await db.batch([
    db.delete(groupMembers).where(and(eq(groupMembers.groupId, groupId), inArray(groupMembers.userId, ids))),
    auditEntry(db, scope, { action: 'remove-members', entityType: 'group', entityId: groupId, summary: `${group.name}: ${ids.length}` }, now),
  ]);
  return ids.length;
}

export async function updateMember(db: Db, scope: Scope, groupId: string, userId: string, change: { supervisor?: boolean | undefined; position?: number | undefined }, now: Date): Promise<void> {
  const group = await getGroup(db, scope, groupId);
  const where = and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId));
  const [member] = await db.select({ userId: groupMembers.userId }).from(groupMembers).where(where);
  if (!member) throw notFound('group member');
  // An empty change is a no-op; drizzle refuses an UPDATE with nothing to set (it was a 500).
  if (change.supervisor === undefined && change.position === undefined) return;
  await db.batch([
    db.update(groupMembers).set({ supervisor: change.supervisor, position: change.position }).where(where),
    auditEntry(db, scope, { action: 'update', entityType: 'group', entityId: groupId, summary: `${group.name}: member ${userId} ${JSON.stringify(change)}` }, now),
  ]);
}

/** Supervisor flags and order of several members in one go (the group page's member table). */
export async function saveMembers(db: Db, scope: Scope, groupId: string, members: { userId: string; supervisor: boolean; position: number }[], now: Date): Promise<void> {
  const group = await getGroup(db, scope, groupId);
  if (!members.length) return;
  await db.batch([
    auditEntry(db, scope, { action: 'update', entityType: 'group', entityId: groupId, summary: `${group.name}: supervisors ${members.filter((m) => m.supervisor).length}, order saved` }, now),
    ...members.map((m) =>
      db.update(groupMembers).set({ supervisor: m.supervisor, position: m.position }).where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, m.userId))),
    ),
  ]);
}
