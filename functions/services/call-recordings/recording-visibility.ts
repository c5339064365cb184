import { and, eq, exists, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { callRecordingParticipants, callRecordings } from '../../../schema/index.js';
import { can } from '../auth/permissions.js';
import { inScopeSites, type Scope } from '../scope.js';
import { supervisedUsers } from '../groups/supervised-users.js';

/** The organization's administrator and v-rec configurators see every recorded call of their sites. */
export function seesAllRecordings(scope: Scope): boolean {
  return scope.grants.all || can(scope.grants, 'vrec', 'configure');
}

/**
 * The condition on call_recordings for what the actor may see (manual 5.3, "depends on the
 * permission of the signed-in user"): everything for `seesAllRecordings`; otherwise the calls one
 * of their own extensions took part in plus, for a supervisor, the calls of the members of the
 * groups they supervise. Site limits apply on top. Subqueries rather than id lists, so a large
 * group never exceeds D1's bound-parameter limit.
 */
export function recordingVisibility(db: Db, scope: Scope): SQL {
  const conditions: (SQL | undefined)[] = [eq(callRecordings.orgId, scope.orgId)];
  conditions.push(inScopeSites(callRecordings.siteId, scope));
  if (!seesAllRecordings(scope)) {
    if (!scope.userId) conditions.push(isNull(callRecordings.id));
    else {
      const members = supervisedUsers(db, scope.orgId, scope.userId);
      const onCall = db
        .select({ one: sql`1` })
        .from(callRecordingParticipants)
        .where(
          and(
            eq(callRecordingParticipants.recordingId, callRecordings.id),
            or(eq(callRecordingParticipants.userId, scope.userId), inArray(callRecordingParticipants.userId, members)),
          ),
        );
      conditions.push(exists(onCall));
    }
  }
  return and(...conditions)!;
}
