import { and, eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { voicemailMessages } from '../../../schema/index.js';
import { can } from '../auth/permissions.js';
import { inScopeSites, type Scope } from '../scope.js';
import { supervisedUsers } from '../groups/supervised-users.js';

/** The organization's administrator and v-mailer configurators see every mailbox of their sites. */
export function seesAllMailboxes(scope: Scope): boolean {
  return scope.grants.all || can(scope.grants, 'vmailer', 'configure');
}

/**
 * The condition on voicemail_messages for what the actor may see (manual 3.3.1): everything for
 * `seesAllMailboxes`; otherwise their own messages plus, for a supervisor, those of the members of
 * the groups they supervise. Site limits apply on top. Subqueries rather than a list of user ids,
 * so a large group never exceeds D1's bound-parameter limit.
 */
export function visibleMessages(db: Db, scope: Scope): SQL {
  const conditions: (SQL | undefined)[] = [eq(voicemailMessages.orgId, scope.orgId)];
  conditions.push(inScopeSites(voicemailMessages.siteId, scope));
  if (!seesAllMailboxes(scope)) {
    if (!scope.userId) conditions.push(isNull(voicemailMessages.id));
    else {
      const members = supervisedUsers(db, scope.orgId, scope.userId);
      conditions.push(or(eq(voicemailMessages.userId, scope.userId), inArray(voicemailMessages.userId, members)));
    }
  }
  return and(...conditions)!;
}
