import { inArray, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Grants } from './auth/permissions.js';

/** Who is acting, inside which organization, with which grants; every service call takes one. */
export interface Scope {
  orgId: string;
  actor: { id: string | null; name: string; kind: 'user' | 'token' | 'system' };
  grants: Grants;
  /** Sites the actor is limited to; null when it may see every site of the organization. */
  siteIds: string[] | null;
  /** The user's id when the actor is a user; supervisors see their groups' data through it. */
  userId: string | null;
}

/** A scope for work Ramal does on its own (bootstrap, scheduled sync). */
export function systemScope(orgId: string, name = 'Ramal'): Scope {
  return { orgId, actor: { id: null, name, kind: 'system' }, grants: { all: true, matrix: {} }, siteIds: null, userId: null };
}

export function canSeeSite(scope: Scope, siteId: string): boolean {
  return scope.siteIds === null || scope.siteIds.includes(siteId);
}

/**
 * The site limit of a site-limited actor on any site column; undefined for an actor who sees every
 * site. An empty limit matches no site at all (`inArray` with nothing would be invalid SQL).
 */
export function inScopeSites(column: SQLiteColumn, scope: Scope): SQL | undefined {
  return scope.siteIds ? inArray(column, scope.siteIds.length ? scope.siteIds : ['-']) : undefined;
}
