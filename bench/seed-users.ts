import { userSearchText } from '../functions/services/users/search-text.js';
import type { Client } from '@libsql/client';
import { hashPassword, type Kdf } from '../functions/services/auth/password.js';
import { bulkInsert } from './bulk-insert.js';
import { GROUP_NAMES, emailOf, fullName, prng } from './vocab.js';

export interface UserSeed {
  orgId: string;
  siteId: string;
  /** Profiles to spread users over; the first gets most of them. */
  profileIds: string[];
  users: number;
  now: number;
}

const GROUPS = 200;

/**
 * Users as a PBX sync leaves them: ~80 % with an extension, each in one or two of 200 groups.
 * One precomputed password hash for all, since a KDF run per row would take hours.
 */
export async function seedUsers(client: Client, kdf: Kdf, s: UserSeed): Promise<{ seconds: number; userIds: string[] }> {
  const started = performance.now();
  const rand = prng(42);
  const hash = await hashPassword(kdf, 'user-password-1', 10);
  const userIds = Array.from({ length: s.users }, () => crypto.randomUUID());
  const groupIds = Array.from({ length: GROUPS }, () => crypto.randomUUID());
  const yearAgo = s.now - 365 * 86_400_000;
  await bulkInsert(client, {
    table: 'groups', columns: ['id', 'org_id', 'name', 'description', 'created_at', 'updated_at'], rows: GROUPS, label: null,
    row: (i) => [groupIds[i]!, s.orgId, `${GROUP_NAMES[i % GROUP_NAMES.length]} ${Math.floor(i / GROUP_NAMES.length) + 1}`, '', yearAgo, yearAgo],
  });
  await bulkInsert(client, {
    table: 'users', label: 'users', rows: s.users,
    columns: ['id', 'org_id', 'full_name', 'email', 'search_text', 'password_hash', 'profile_id', 'language', 'source', 'created_at', 'updated_at'],
    row: (i) => {
      const name = fullName(rand);
      const at = Math.floor(yearAgo + rand() * 365 * 86_400_000);
      const profile = rand() < 0.99 ? s.profileIds[0]! : s.profileIds[i % s.profileIds.length]!;
      const email = emailOf(name, i);
      return [userIds[i]!, s.orgId, name, email, userSearchText(name, email), hash, profile, 'pt-BR', rand() < 0.7 ? 'sync' : 'manual', at, at];
    },
  });
  // Every 5th user has no extension; the others get number 10000 + i on the one site.
  const withExtension = userIds.filter((_, i) => i % 5 !== 4);
  await bulkInsert(client, {
    table: 'extensions', label: 'extensions', rows: withExtension.length,
    columns: ['id', 'org_id', 'site_id', 'number', 'name', 'user_id', 'source', 'created_at', 'updated_at'],
    row: (i) => [crypto.randomUUID(), s.orgId, s.siteId, String(10_000 + i), '', withExtension[i]!, 'sync', yearAgo, yearAgo],
  });
  // User i is in group i % 200, and every third user also in the next one.
  const memberships: [number, number][] = [];
  userIds.forEach((_, u) => {
    memberships.push([u, u % GROUPS]);
    if (u % 3 === 0) memberships.push([u, (u + 1) % GROUPS]);
  });
  await bulkInsert(client, {
    table: 'group_members', label: 'group members', rows: memberships.length,
    columns: ['group_id', 'user_id', 'org_id', 'supervisor', 'position'],
    row: (i) => {
      const [u, g] = memberships[i]!;
      return [groupIds[g]!, userIds[u]!, s.orgId, u % 50 === 0 ? 1 : 0, 0];
    },
  });
  return { seconds: (performance.now() - started) / 1000, userIds };
}
