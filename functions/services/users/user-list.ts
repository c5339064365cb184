import { and, eq, exists, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { extensions, permissionProfiles, userSites, users } from '../../../schema/index.js';
import type { Scope } from '../scope.js';
import { formatDateTime } from '../table/format.js';
import { containsFolded } from '../table/fold.js';
import { likePattern } from '../table/list-query.js';
import { foldedColumn, type ListSpec } from '../table/list-spec.js';

export interface UserListRow {
  id: string;
  fullName: string;
  email: string;
  profileName: string;
  isOwner: boolean;
  source: 'manual' | 'sync';
  extensions: string[];
  groups: string[];
  createdAt: Date;
}

/** Users a site-limited actor may see: those linked to one of its sites. */
export function userVisibility(db: Db, scope: Scope): SQL | undefined {
  if (!scope.siteIds) return undefined;
  const sites = scope.siteIds.length ? scope.siteIds : ['-'];
  return or(
    exists(db.select({ one: sql`1` }).from(extensions).where(and(eq(extensions.userId, users.id), inArray(extensions.siteId, sites)))),
    exists(db.select({ one: sql`1` }).from(userSites).where(and(eq(userSites.userId, users.id), inArray(userSites.siteId, sites)))),
  );
}

// Searched through one uncorrelated subquery each (cheap on 100 000 users), and returned as JSON
// arrays so names containing commas survive.
const extensionMatch = (word: string) => sql`${users.id} in (select e.user_id from extensions e where e.number like ${likePattern(word)} escape '\\')`;
const groupMatch = (word: string) =>
  sql`${users.id} in (select m.user_id from group_members m join groups g on g.id = m.group_id where ${containsFolded(sql`g.name`, word)})`;
const parseList = (v: unknown): string[] => (typeof v === 'string' ? (JSON.parse(v) as string[]) : []);
const extensionNumbers = sql`(select json_group_array(e.number) from (select number from extensions e where e.user_id = ${users.id} order by number) e)`.mapWith(parseList);
const groupNames = sql`(select json_group_array(g.name) from (select g.name from group_members m join groups g on g.id = m.group_id where m.user_id = ${users.id} order by g.name) g)`.mapWith(parseList);

export function userListSpec(db: Db, scope: Scope): ListSpec<UserListRow> {
  const base = (where: SQL | undefined) => and(eq(users.orgId, scope.orgId), userVisibility(db, scope), where);
  return {
    defaultSort: 'fullName',
    idColumn: users.id,
    columns: [
      { key: 'fullName', label: 'users.fullName', sortBy: sql`${users.fullName} collate nocase`, sortValue: (r) => r.fullName, search: foldedColumn(users.searchText), text: (r) => r.fullName, width: 3 },
      { key: 'email', label: 'users.email', sortBy: users.email, sortValue: (r) => r.email, text: (r) => r.email, width: 3 },
      { key: 'extensions', label: 'users.extensions', search: extensionMatch, text: (r) => r.extensions.join(', '), width: 2 },
      { key: 'profile', label: 'users.profile', sortBy: sql`${permissionProfiles.name} collate nocase`, sortValue: (r) => r.profileName, search: permissionProfiles.name, text: (r) => r.profileName, width: 2 },
      { key: 'groups', label: 'users.groups', search: groupMatch, text: (r) => r.groups.join(', '), width: 3 },
      { key: 'source', label: 'users.source', sortBy: users.source, sortValue: (r) => r.source, text: (r, ctx) => ctx.t(r.source === 'sync' ? 'users.sourceSync' : 'users.sourceManual'), width: 1 },
      { key: 'createdAt', label: 'common.createdAt', sortBy: users.createdAt, sortValue: (r) => r.createdAt.getTime(), text: (r, ctx) => formatDateTime(r.createdAt, ctx), width: 2 },
    ],
    fetch: (where, orderBy, limit, offset) =>
      db
        .select({
          id: users.id,
          fullName: users.fullName,
          email: users.email,
          profileName: permissionProfiles.name,
          isOwner: users.isOwner,
          source: users.source,
          extensions: extensionNumbers,
          groups: groupNames,
          createdAt: users.createdAt,
        })
        .from(users)
        .innerJoin(permissionProfiles, eq(permissionProfiles.id, users.profileId))
        .where(base(where))
        .orderBy(...orderBy)
        .limit(limit)
        .offset(offset),
    count: async (where) => {
      const [row] = await db
        .select({ n: sql<number>`count(*)` })
        .from(users)
        .innerJoin(permissionProfiles, eq(permissionProfiles.id, users.profileId))
        .where(base(where));
      return row?.n ?? 0;
    },
  };
}
