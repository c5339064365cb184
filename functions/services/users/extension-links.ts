import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { BatchItem, Db } from '../../db.js';
import { extensions } from '../../../schema/index.js';
import { newId } from '../auth/random.js';

/**
 * Statements that make `links` the user's extensions: new numbers are created or taken over,
 * hand-made links that were dropped are deleted, synced extensions that were dropped are only
 * unlinked (the PBX still has them). `visibleSiteIds` (the actor's site limit, null for none)
 * bounds what counts as dropped: a site-limited actor never sees, so never sends, the user's
 * links on other sites, and must not erase them.
 */
export function replaceExtensionLinks(
  db: Db,
  orgId: string,
  userId: string,
  links: { siteId: string; number: string }[],
  now: Date,
  visibleSiteIds: string[] | null = null,
): BatchItem[] {
  const keep = links.map((l) => `${l.siteId}:${l.number}`);
  const key = sql`${extensions.siteId} || ':' || ${extensions.number}`;
  const inScope = visibleSiteIds ? inArray(extensions.siteId, visibleSiteIds.length ? visibleSiteIds : ['-']) : undefined;
  const dropped = and(eq(extensions.userId, userId), notInArray(key, keep), inScope);
  const items: BatchItem[] = [
    db.delete(extensions).where(and(dropped, eq(extensions.source, 'manual'))),
    db.update(extensions).set({ userId: null, updatedAt: now }).where(and(dropped, eq(extensions.source, 'sync'))),
  ];
  for (const link of links) {
    items.push(
      db
        .insert(extensions)
        .values({ id: newId(), orgId, siteId: link.siteId, number: link.number, userId, source: 'manual', createdAt: now, updatedAt: now })
        .onConflictDoUpdate({ target: [extensions.siteId, extensions.number], set: { userId, updatedAt: now } }),
    );
  }
  return items;
}
