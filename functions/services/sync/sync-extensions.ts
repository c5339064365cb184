import { and, eq, inArray } from 'drizzle-orm';
import type { BatchItem, Db } from '../../db.js';
import { extensions, permissionProfiles, users } from '../../../schema/index.js';
import { domainEvent } from '../events/domain-event.js';
import { auditEntry } from '../audit/audit-entry.js';
import { newId, sha256Hex } from '../auth/random.js';
import type { Scope } from '../scope.js';
import type { PbxExtension } from './pbx-extension.js';
import { userSearchText } from '../users/search-text.js';

export interface SyncResult {
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
  withoutEmail: number;
  /** E-mails already used by a user of another organization: no user can be made for them. */
  conflicts: string[];
  rejected: { row: number; reason: string }[];
  stopped: boolean;
}

export interface SyncProgress {
  report: (done: number, total: number) => Promise<void>;
  shouldStop: () => Promise<boolean>;
}

/** Extensions are written in chunks so progress shows and a stop takes effect between chunks. */
const CHUNK = 100;

const fingerprint = (e: PbxExtension) => sha256Hex(`${e.name}\u0000${e.email ?? ''}`);

/**
 * Brings a site's extensions and their users in line with the PBX (manual 2.5.4): every extension
 * with an e-mail gets a user linked to it (an existing user with that e-mail, or a new one with the
 * DEFAULT profile and no password), only what changed is written, and extensions the PBX no longer
 * has are removed. Users are never deleted by a sync; their data stays.
 */
export async function syncExtensions(db: Db, scope: Scope, siteId: string, list: PbxExtension[], progress: SyncProgress, now: () => Date, language: string): Promise<SyncResult> {
  const result: SyncResult = { total: list.length, created: 0, updated: 0, unchanged: 0, removed: 0, withoutEmail: 0, conflicts: [], rejected: [], stopped: false };
  const [defaultProfile] = await db.select({ id: permissionProfiles.id }).from(permissionProfiles).where(and(eq(permissionProfiles.orgId, scope.orgId), eq(permissionProfiles.isDefault, true)));
  const existing = new Map((await db.select().from(extensions).where(eq(extensions.siteId, siteId))).map((e) => [e.number, e]));
  for (let start = 0; start < list.length; start += CHUNK) {
    if (await progress.shouldStop()) {
      result.stopped = true;
      return result;
    }
    const chunk = list.slice(start, start + CHUNK);
    const emails = [...new Set(chunk.flatMap((e) => (e.email ? [e.email] : [])))];
    const owners = new Map((emails.length ? await db.select({ id: users.id, orgId: users.orgId, email: users.email, fullName: users.fullName, source: users.source }).from(users).where(inArray(users.email, emails)) : []).map((u) => [u.email, u]));
    const items: BatchItem[] = [];
    const at = now();
    for (const ext of chunk) {
      const print = await fingerprint(ext);
      const current = existing.get(ext.number);
      if (!ext.email) result.withoutEmail++;
      // Without an e-mail the PBX says nothing about the owner, so a link made by hand stays.
      let userId: string | null = ext.email ? null : (current?.userId ?? null);
      const owner = ext.email ? owners.get(ext.email) : undefined;
      if (ext.email && owner && owner.orgId !== scope.orgId) {
        result.conflicts.push(ext.email);
      } else if (ext.email && owner) {
        userId = owner.id;
        if (owner.source === 'sync' && ext.name && owner.fullName !== ext.name) {
          items.push(db.update(users).set({ fullName: ext.name, searchText: userSearchText(ext.name, owner.email), updatedAt: at }).where(eq(users.id, owner.id)));
          items.push(domainEvent(db, scope.orgId, siteId, 'user.updated', { userId: owner.id, email: owner.email, fullName: ext.name, source: 'sync', changed: ['fullName'] }, at));
          owner.fullName = ext.name;
        }
      } else if (ext.email && defaultProfile) {
        userId = newId();
        owners.set(ext.email, { id: userId, orgId: scope.orgId, email: ext.email, fullName: ext.name, source: 'sync' });
        const fullName = ext.name || ext.email;
        items.push(db.insert(users).values({ id: userId, orgId: scope.orgId, fullName, email: ext.email, searchText: userSearchText(fullName, ext.email), passwordHash: null, profileId: defaultProfile.id, language, source: 'sync', createdAt: at, updatedAt: at }));
        items.push(domainEvent(db, scope.orgId, siteId, 'user.created', { userId, email: ext.email, fullName, source: 'sync', siteId, extension: ext.number }, at));
      }
      if (current && current.syncFingerprint === print && current.userId === userId) {
        result.unchanged++;
        continue;
      }
      if (current) result.updated++;
      else result.created++;
      items.push(
        db
          .insert(extensions)
          .values({ id: current?.id ?? newId(), orgId: scope.orgId, siteId, number: ext.number, name: ext.name, email: ext.email, userId, source: 'sync', syncFingerprint: print, createdAt: at, updatedAt: at })
          .onConflictDoUpdate({ target: [extensions.siteId, extensions.number], set: { name: ext.name, email: ext.email, userId, source: 'sync', syncFingerprint: print, updatedAt: at } }),
      );
    }
    if (items.length) await db.batch(items as [BatchItem, ...BatchItem[]]);
    await progress.report(Math.min(start + CHUNK, list.length), list.length);
  }
  const kept = new Set(list.map((e) => e.number));
  const gone = [...existing.values()].filter((e) => e.source === 'sync' && !kept.has(e.number)).map((e) => e.id);
  result.removed = gone.length;
  const at = now();
  await db.batch([
    auditEntry(db, scope, { action: 'sync', entityType: 'sync', entityId: siteId, summary: `+${result.created} ~${result.updated} -${result.removed} =${result.unchanged}` }, at),
    ...(gone.length ? [db.delete(extensions).where(inArray(extensions.id, gone))] : []),
  ]);
  return result;
}
