import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { apiTokens, organizations, sites } from '../../../schema/index.js';
import { newId, randomToken, sha256Hex } from '../auth/random.js';
import { TOKEN_PREFIX } from './token-service.js';

export const LOCAL_NODE_TOKEN_NAME = 'Local media node';

/**
 * The media node that `npm start` runs beside the central app needs a site token like any other.
 * It is made once for the first organization's first site and its secret kept by the caller (in
 * the data folder); a kept secret that still works is reused, a revoked one is replaced, so an
 * administrator can rotate it by revoking it under API tokens and restarting.
 */
export async function ensureLocalNodeToken(db: Db, keptSecret: string | null, now: Date): Promise<{ secret: string; siteId: string; created: boolean } | null> {
  if (keptSecret) {
    const [kept] = await db
      .select({ siteId: apiTokens.siteId })
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenHash, await sha256Hex(keptSecret)), eq(apiTokens.kind, 'node'), isNull(apiTokens.revokedAt)));
    if (kept?.siteId) return { secret: keptSecret, siteId: kept.siteId, created: false };
  }
  const [site] = await db
    .select({ id: sites.id, orgId: sites.orgId })
    .from(sites)
    .innerJoin(organizations, eq(organizations.id, sites.orgId))
    .orderBy(asc(organizations.createdAt), asc(sites.createdAt))
    .limit(1);
  if (!site) return null;
  const secret = TOKEN_PREFIX + randomToken(32);
  await db.insert(apiTokens).values({
    id: newId(), orgId: site.orgId, name: LOCAL_NODE_TOKEN_NAME, kind: 'node', siteId: site.id, profileId: null,
    tokenHash: await sha256Hex(secret), prefix: secret.slice(0, 10), createdBy: null, createdAt: now,
  });
  return { secret, siteId: site.id, created: true };
}
