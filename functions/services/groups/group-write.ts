import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { groupMembers, groups } from '../../../schema/index.js';
import { notFound } from '../../errors.js';
import { auditEntry } from '../audit/audit-entry.js';
import { newId } from '../auth/random.js';
import type { Scope } from '../scope.js';
import type { GroupInput } from './group-schemas.js';

export interface GroupRow {
  id: string;
  name: string;
  description: string;
  createdAt: Date;
  updatedAt: Date;
}

export async function getGroup(db: Db, scope: Scope, id: string): Promise<GroupRow> {
  const [row] = await db
    .select({ id: groups.id, name: groups.name, description: groups.description, createdAt: groups.createdAt, updatedAt: groups.updatedAt })
    .from(groups)
    .where(and(eq(groups.id, id), eq(groups.orgId, scope.orgId)));
  if (!row) throw notFound('group');
  return row;
}

export async function createGroup(db: Db, scope: Scope, input: GroupInput, now: Date): Promise<string> {
  const id = newId();
  await db.batch([
    db.insert(groups).values({ id, orgId: scope.orgId, name: input.name, description: input.description, createdAt: now, updatedAt: now }),
    auditEntry(db, scope, { action: 'create', entityType: 'group', entityId: id, summary: input.name }, now),
  ]);
  return id;
}

export async function updateGroup(db: Db, scope: Scope, id: string, input: Partial<GroupInput>, now: Date): Promise<void> {
  const current = await getGroup(db, scope, id);
  await db.batch([
    db.update(groups).set({ name: input.name, description: input.description, updatedAt: now }).where(and(eq(groups.id, id), eq(groups.orgId, scope.orgId))),
    auditEntry(db, scope, { action: 'update', entityType: 'group', entityId: id, summary: `${current.name} → ${input.name ?? current.name}` }, now),
  ]);
}

export async function deleteGroups(db: Db, scope: Scope, ids: string[], now: Date): Promise<number> {
  const unique = [...new Set(ids)];
  const found = await Promise.all(unique.map((id) => getGroup(db, scope, id)));
  await db.batch([
    db.delete(groupMembers).where(inArray(groupMembers.groupId, unique)),
    db.delete(groups).where(and(eq(groups.orgId, scope.orgId), inArray(groups.id, unique))),
    ...found.map((g) => auditEntry(db, scope, { action: 'delete', entityType: 'group', entityId: g.id, summary: g.name }, now)),
  ]);
  return unique.length;
}
