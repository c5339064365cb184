import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { groupMembers } from '../../../schema/index.js';

/**
 * The users whose voice messages and recorded calls a supervisor sees: the members of every group
 * `userId` supervises, as a subquery (never a list of ids, so a large group stays within D1's
 * bound-parameter limit).
 */
export function supervisedUsers(db: Db, orgId: string, userId: string) {
  const supervised = db
    .select({ groupId: groupMembers.groupId })
    .from(groupMembers)
    .where(and(eq(groupMembers.userId, userId), eq(groupMembers.supervisor, true), eq(groupMembers.orgId, orgId)));
  return db.select({ userId: groupMembers.userId }).from(groupMembers).where(inArray(groupMembers.groupId, supervised));
}
