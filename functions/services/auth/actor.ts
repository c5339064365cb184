import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { apiTokens, permissionProfiles, userSites, users } from '../../../schema/index.js';
import type { Scope } from '../scope.js';
import { sha256Hex } from './random.js';

export interface SignedInUser {
  id: string;
  fullName: string;
  email: string;
  language: string;
  isOwner: boolean;
}

/** Builds the scope of a signed-in user: profile grants, site limits. Null if the user is gone. */
export async function loadUserScope(db: Db, userId: string, orgId: string): Promise<{ scope: Scope; user: SignedInUser } | null> {
  const [row] = await db
    .select({ user: users, permissions: permissionProfiles.permissions })
    .from(users)
    .innerJoin(permissionProfiles, eq(permissionProfiles.id, users.profileId))
    .where(and(eq(users.id, userId), eq(users.orgId, orgId)));
  if (!row) return null;
  const { user } = row;
  const siteIds = user.siteRestricted && !user.isOwner
    ? (await db.select({ siteId: userSites.siteId }).from(userSites).where(eq(userSites.userId, user.id))).map((s) => s.siteId)
    : null;
  return {
    user: { id: user.id, fullName: user.fullName, email: user.email, language: user.language, isOwner: user.isOwner },
    scope: {
      orgId,
      actor: { id: user.id, name: user.fullName, kind: 'user' },
      grants: { all: user.isOwner, matrix: user.isOwner ? {} : row.permissions },
      siteIds,
      userId: user.id,
    },
  };
}

export interface TokenActor {
  scope: Scope;
  tokenId: string;
  kind: 'integration' | 'node';
  siteId: string | null;
}

/** Resolves a bearer secret to its scope; revoked or unknown tokens give null. */
export async function loadTokenScope(db: Db, secret: string, now: Date): Promise<TokenActor | null> {
  const tokenHash = await sha256Hex(secret);
  const [row] = await db
    .select({ token: apiTokens, permissions: permissionProfiles.permissions })
    .from(apiTokens)
    .leftJoin(permissionProfiles, eq(permissionProfiles.id, apiTokens.profileId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
  if (!row) return null;
  const { token } = row;
  // Last use is kept to the minute so a busy integration does not write on every request.
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, token.id));
  }
  return {
    tokenId: token.id,
    kind: token.kind,
    siteId: token.siteId,
    scope: {
      orgId: token.orgId,
      actor: { id: token.id, name: `token:${token.name}`, kind: 'token' },
      grants: { all: false, matrix: token.kind === 'integration' ? (row.permissions ?? {}) : {} },
      siteIds: token.siteId ? [token.siteId] : null,
      userId: null,
    },
  };
}
