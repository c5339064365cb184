import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { groups } from '../../../schema/index.js';
import type { Scope } from '../scope.js';
import { formatDateTime } from '../table/format.js';
import type { ListSpec } from '../table/list-spec.js';

export interface GroupListRow {
  id: string;
  name: string;
  description: string;
  members: number;
  supervisors: string;
  createdAt: Date;
}

// The outer row's id is written qualified: in a select from one table drizzle renders
// ${groups.id} as a bare "id", which inside the supervisors subquery named users.id (so the
// column was always empty and its search never matched).
const groupId = sql.raw('"groups"."id"');
const memberCount = sql<number>`(select count(*) from group_members m where m.group_id = ${groupId})`;
const supervisorNames = sql<string>`coalesce((select group_concat(u.full_name, ', ') from group_members m join users u on u.id = m.user_id where m.group_id = ${groupId} and m.supervisor = 1), '')`;

export function groupListSpec(db: Db, scope: Scope): ListSpec<GroupListRow> {
  const base = (where: SQL | undefined) => and(eq(groups.orgId, scope.orgId), where);
  return {
    defaultSort: 'name',
    idColumn: groups.id,
    columns: [
      { key: 'name', label: 'groups.name', sortBy: sql`${groups.name} collate nocase`, sortValue: (r) => r.name, search: groups.name, text: (r) => r.name, width: 3 },
      { key: 'description', label: 'groups.description', search: groups.description, text: (r) => r.description, width: 4 },
      { key: 'members', label: 'groups.members', sortBy: memberCount, sortValue: (r) => r.members, text: (r) => String(r.members), width: 1 },
      { key: 'supervisors', label: 'groups.supervisors', search: supervisorNames, text: (r) => r.supervisors, width: 3 },
      { key: 'createdAt', label: 'common.createdAt', sortBy: groups.createdAt, sortValue: (r) => r.createdAt.getTime(), text: (r, ctx) => formatDateTime(r.createdAt, ctx), width: 2 },
    ],
    fetch: (where, orderBy, limit, offset) =>
      db
        .select({ id: groups.id, name: groups.name, description: groups.description, members: memberCount, supervisors: supervisorNames, createdAt: groups.createdAt })
        .from(groups)
        .where(base(where))
        .orderBy(...orderBy)
        .limit(limit)
        .offset(offset),
    count: (where) => db.$count(groups, base(where)),
  };
}
