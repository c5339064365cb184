import { and, eq, ne } from 'drizzle-orm';
import { sessions, users } from '../../../schema/index.js';
import { fieldError } from '../../errors.js';
import { auditEntry } from '../audit/audit-entry.js';
import { hashPassword, verifyPassword } from '../auth/password.js';
import type { Scope } from '../scope.js';
import { userSearchText } from './search-text.js';
import type { UserWriteDeps } from './user-write.js';
import type { OwnProfile } from './user-schemas.js';
import type { BatchItem } from '../../db.js';

/**
 * A user changing their own name, language, alternate e-mail or password (manual 2.9). A new
 * password needs the current one and signs out every other session of the user.
 */
export async function updateOwnProfile(deps: UserWriteDeps, scope: Scope, userId: string, input: OwnProfile, currentSession: string | null): Promise<void> {
  const { db } = deps;
  const now = deps.now();
  let passwordHash: string | undefined;
  const [me] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  if (input.password) {
    const [row] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId));
    if (!row?.hash || !(await verifyPassword(deps.kdf, input.currentPassword ?? '', row.hash))) throw fieldError('currentPassword', 'err.wrongPassword');
    passwordHash = await hashPassword(deps.kdf, input.password, deps.kdfCost);
  }
  const items: BatchItem[] = [
    db
      .update(users)
      .set({
        fullName: input.fullName, language: input.language, alternateEmail: input.alternateEmail, passwordHash, updatedAt: now,
        searchText: input.fullName !== undefined && me ? userSearchText(input.fullName, me.email) : undefined,
      })
      .where(and(eq(users.id, userId), eq(users.orgId, scope.orgId))),
    auditEntry(db, scope, { action: passwordHash ? 'password' : 'update', entityType: 'account', entityId: userId, summary: Object.keys(input).filter((k) => !k.toLowerCase().includes('password')).join(', ') || 'password' }, now),
  ];
  if (passwordHash) {
    items.push(db.delete(sessions).where(currentSession ? and(eq(sessions.userId, userId), ne(sessions.id, currentSession)) : eq(sessions.userId, userId)));
  }
  await db.batch(items as [BatchItem, ...BatchItem[]]);
}
