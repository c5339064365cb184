import { and, eq, exists, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { conferenceInvitees, conferenceRooms, conferenceSessions } from '../../../schema/index.js';
import { can } from '../auth/permissions.js';
import { inScopeSites, type Scope } from '../scope.js';

/** The organization's administrator and v-conference configurators see every room of their sites. */
export function isConferenceAdmin(scope: Scope): boolean {
  return scope.grants.all || can(scope.grants, 'vconference', 'configure');
}

/** Whether `roomIdColumn` names a room the actor was invited to (a subquery: no id list to bind). */
function invitedTo(db: Db, scope: Scope, roomIdColumn: SQL | typeof conferenceRooms.id): SQL {
  return exists(
    db.select({ one: sql`1` }).from(conferenceInvitees).where(and(eq(conferenceInvitees.roomId, roomIdColumn), eq(conferenceInvitees.userId, scope.userId ?? '-'))),
  );
}

/**
 * Public rooms the actor may see (manual 4.3): all of their sites for administrators, else the
 * rooms they scheduled or were invited to.
 */
export function visibleRooms(db: Db, scope: Scope): SQL {
  const own = isConferenceAdmin(scope)
    ? undefined
    : scope.userId
      ? or(eq(conferenceRooms.createdBy, scope.userId), invitedTo(db, scope, conferenceRooms.id))
      : isNull(conferenceRooms.id);
  return and(eq(conferenceRooms.orgId, scope.orgId), eq(conferenceRooms.kind, 'public'), inScopeSites(conferenceRooms.siteId, scope), own)!;
}

/** History entries the actor may see, by the same rule through the session's room. */
export function visibleSessions(db: Db, scope: Scope): SQL {
  const own = isConferenceAdmin(scope)
    ? undefined
    : scope.userId
      ? or(eq(conferenceSessions.createdBy, scope.userId), invitedTo(db, scope, sql`${conferenceSessions.roomId}`))
      : isNull(conferenceSessions.id);
  return and(eq(conferenceSessions.orgId, scope.orgId), inScopeSites(conferenceSessions.siteId, scope), own)!;
}

/** Whether the actor may change a room or moderate it live: its creator or an administrator. */
export function mayManageRoom(scope: Scope, room: { createdBy: string | null }): boolean {
  return isConferenceAdmin(scope) || (scope.userId !== null && room.createdBy === scope.userId);
}
