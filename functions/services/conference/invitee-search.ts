import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { users } from '../../../schema/index.js';
import type { Scope } from '../scope.js';
import { foldText } from '../table/fold.js';
import { likePattern } from '../table/list-query.js';
import { userVisibility } from '../users/user-list.js';

/** At most this many people per answer: the picker shows a short list to choose from, not a directory. */
export const INVITEE_CANDIDATES_LIMIT = 20;

export interface InviteeCandidate {
  id: string;
  fullName: string;
  email: string;
  extensions: string[];
}

const parseList = (v: unknown): string[] => (typeof v === 'string' ? (JSON.parse(v) as string[]) : []);
// Qualified by hand: in a one-table query drizzle writes a bare "id", which inside this subquery
// would name the extension's own id.
const userId = sql`${sql.identifier('users')}.${sql.identifier('id')}`;
const extensionNumbers = sql`(select json_group_array(e.number) from (select number from extensions e where e.user_id = ${userId} order by number) e)`.mapWith(parseList);

/** One typed word: in the folded name and e-mail (accents and case ignored) or in an extension number. */
function wordMatch(word: string): SQL {
  const byNumber = sql`${users.id} in (select e.user_id from extensions e where e.number like ${likePattern(word)} escape '\\')`;
  return sql`(${users.searchText} like ${likePattern(foldText(word))} escape '\\' or ${byNumber})`;
}

/**
 * People the actor may invite to a room (manual 4.3.1, the Notification tab): users of their
 * organization they may see (a site-limited actor: those of their sites), every typed word
 * matching the name, e-mail or an extension; the first few by name.
 */
export async function inviteeCandidates(db: Db, scope: Scope, query: string): Promise<InviteeCandidate[]> {
  const words = query.trim().split(/\s+/).filter(Boolean).slice(0, 8);
  return db
    .select({ id: users.id, fullName: users.fullName, email: users.email, extensions: extensionNumbers })
    .from(users)
    .where(and(eq(users.orgId, scope.orgId), userVisibility(db, scope), ...words.map(wordMatch)))
    .orderBy(sql`${users.fullName} collate nocase`, users.id)
    .limit(INVITEE_CANDIDATES_LIMIT);
}
