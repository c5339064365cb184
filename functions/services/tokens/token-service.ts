import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db.js';
import { apiTokens, permissionProfiles, sites } from '../../../schema/index.js';
import { fieldError, notFound } from '../../errors.js';
import { auditEntry } from '../audit/audit-entry.js';
import { newId, randomToken, sha256Hex } from '../auth/random.js';
import { inScopeSites, type Scope } from '../scope.js';
import { formatDateTime } from '../table/format.js';
import type { ListSpec } from '../table/list-spec.js';
import { checkSiteIds, resolveProfileId } from '../users/references.js';

export const TokenCreateSchema = z
  .object({
    name: z.string().trim().min(1, 'err.required').max(80),
    kind: z.enum(['integration', 'node']),
    siteId: z.string().min(1).nullable().optional(),
    profileId: z.string().min(1).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'node' && !v.siteId) ctx.addIssue({ code: 'custom', path: ['siteId'], message: 'err.nodeTokenSite' });
  });
export type TokenCreate = z.infer<typeof TokenCreateSchema>;

/** Secrets start with "rml_" so they are easy to spot in leaked text and by secret scanners. */
export const TOKEN_PREFIX = 'rml_';

export interface TokenListRow {
  id: string;
  name: string;
  kind: 'integration' | 'node';
  prefix: string;
  siteName: string | null;
  profileName: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

function visible(scope: Scope): SQL | undefined {
  // Site-limited actors see only tokens bound to their sites.
  return inScopeSites(apiTokens.siteId, scope);
}

export function tokenListSpec(db: Db, scope: Scope): ListSpec<TokenListRow> {
  const base = (where: SQL | undefined) => and(eq(apiTokens.orgId, scope.orgId), visible(scope), where);
  const select = () =>
    db
      .select({
        id: apiTokens.id, name: apiTokens.name, kind: apiTokens.kind, prefix: apiTokens.prefix, siteName: sites.name,
        profileName: permissionProfiles.name, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt,
      })
      .from(apiTokens)
      .leftJoin(sites, eq(sites.id, apiTokens.siteId))
      .leftJoin(permissionProfiles, eq(permissionProfiles.id, apiTokens.profileId));
  return {
    defaultSort: '-createdAt',
    idColumn: apiTokens.id,
    columns: [
      { key: 'name', label: 'tokens.name', sortBy: sql`${apiTokens.name} collate nocase`, sortValue: (r) => r.name, search: apiTokens.name, text: (r) => r.name, width: 3 },
      { key: 'kind', label: 'tokens.kind', sortBy: apiTokens.kind, sortValue: (r) => r.kind, text: (r, ctx) => ctx.t(r.kind === 'node' ? 'tokens.kindNode' : 'tokens.kindIntegration'), width: 2 },
      { key: 'prefix', label: 'tokens.prefix', search: apiTokens.prefix, text: (r) => `${r.prefix}…`, width: 2 },
      { key: 'site', label: 'tokens.site', text: (r, ctx) => r.siteName ?? ctx.t('common.allSites'), width: 2 },
      { key: 'profile', label: 'tokens.profile', text: (r) => r.profileName ?? '', width: 2 },
      { key: 'createdAt', label: 'common.createdAt', sortBy: apiTokens.createdAt, sortValue: (r) => r.createdAt.getTime(), text: (r, ctx) => formatDateTime(r.createdAt, ctx), width: 2 },
      { key: 'lastUsedAt', label: 'tokens.lastUsed', text: (r, ctx) => (r.lastUsedAt ? formatDateTime(r.lastUsedAt, ctx) : ''), width: 2 },
      { key: 'status', label: 'tokens.status', text: (r, ctx) => (r.revokedAt ? ctx.t('tokens.revoked') : ctx.t('tokens.active')), width: 1 },
    ],
    fetch: (where, orderBy, limit, offset) => select().where(base(where)).orderBy(...orderBy).limit(limit).offset(offset),
    count: (where) => db.$count(apiTokens, base(where)),
  };
}

/** One token of the organization (within the actor's sites), as the list shows it. */
export async function getToken(db: Db, scope: Scope, id: string): Promise<TokenListRow> {
  const [row] = await tokenListSpec(db, scope).fetch(eq(apiTokens.id, id), [], 1, 0);
  if (!row) throw notFound('API token');
  return row;
}

export const TokenUpdateSchema = z.object({ name: z.string().trim().min(1, 'err.required').max(80) });

/** Only the name changes: kind, site and profile are what the secret was handed out for. */
export async function renameToken(db: Db, scope: Scope, id: string, name: string, now: Date): Promise<void> {
  const current = await getToken(db, scope, id);
  await db.batch([
    db.update(apiTokens).set({ name }).where(and(eq(apiTokens.id, id), eq(apiTokens.orgId, scope.orgId))),
    auditEntry(db, scope, { action: 'update', entityType: 'token', entityId: id, summary: `${current.name} → ${name}` }, now),
  ]);
}

/** Creates a token and returns its secret, which is never stored nor shown again. */
export async function createToken(db: Db, scope: Scope, input: TokenCreate, now: Date): Promise<{ id: string; secret: string }> {
  if (input.siteId) await checkSiteIds(db, scope, [input.siteId], 'siteId');
  else if (scope.siteIds) throw fieldError('siteId', 'err.siteLimitRequired');
  const profileId = input.kind === 'integration' ? await resolveProfileId(db, scope, input.profileId) : null;
  const secret = TOKEN_PREFIX + randomToken(32);
  const id = newId();
  await db.batch([
    db.insert(apiTokens).values({
      id, orgId: scope.orgId, name: input.name, kind: input.kind, siteId: input.siteId ?? null, profileId,
      tokenHash: await sha256Hex(secret), prefix: secret.slice(0, 10), createdBy: scope.actor.id, createdAt: now,
    }),
    auditEntry(db, scope, { action: 'create', entityType: 'token', entityId: id, summary: `${input.name} (${input.kind})` }, now),
  ]);
  return { id, secret };
}

export async function revokeTokens(db: Db, scope: Scope, ids: string[], now: Date): Promise<number> {
  const unique = [...new Set(ids)];
  const found = await db
    .select({ id: apiTokens.id, name: apiTokens.name })
    .from(apiTokens)
    .where(and(eq(apiTokens.orgId, scope.orgId), inArray(apiTokens.id, unique), visible(scope)));
  if (found.length !== unique.length) throw notFound('API token');
  await db.batch([
    db.update(apiTokens).set({ revokedAt: now }).where(and(inArray(apiTokens.id, unique), isNull(apiTokens.revokedAt))),
    ...found.map((t) => auditEntry(db, scope, { action: 'revoke', entityType: 'token', entityId: t.id, summary: t.name }, now)),
  ]);
  return unique.length;
}
