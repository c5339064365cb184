import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { apiTokens, extensions, sites, userSites, users, type PromptLanguage } from '../../../schema/index.js';
import { ApiError, fieldError, notFound } from '../../errors.js';
import { auditEntry } from '../audit/audit-entry.js';
import { newId } from '../auth/random.js';
import { canSeeSite, inScopeSites, type Scope } from '../scope.js';
import type { ListSpec } from '../table/list-spec.js';
import { clashingCode, type SiteInput } from './site-schemas.js';
import { redactSip, resolveSipSecrets } from './site-telephony.js';

export type SiteRow = typeof sites.$inferSelect;

function visible(scope: Scope): SQL | undefined {
  return inScopeSites(sites.id, scope);
}

export async function getSite(db: Db, scope: Scope, id: string): Promise<SiteRow> {
  const [row] = await db.select().from(sites).where(and(eq(sites.id, id), eq(sites.orgId, scope.orgId)));
  if (!row || !canSeeSite(scope, id)) throw notFound('site');
  return row;
}

/** All sites the actor may see, for pickers. */
export async function listSites(db: Db, scope: Scope): Promise<SiteRow[]> {
  return db.select().from(sites).where(and(eq(sites.orgId, scope.orgId), visible(scope))).orderBy(sql`${sites.name} collate nocase`);
}

export function siteListSpec(db: Db, scope: Scope): ListSpec<SiteRow> {
  const base = (where: SQL | undefined) => and(eq(sites.orgId, scope.orgId), visible(scope), where);
  return {
    defaultSort: 'name',
    idColumn: sites.id,
    columns: [
      { key: 'name', label: 'sites.name', sortBy: sql`${sites.name} collate nocase`, sortValue: (r) => r.name, search: sites.name, text: (r) => r.name, width: 3 },
      { key: 'timeZone', label: 'sites.timeZone', sortBy: sites.timeZone, sortValue: (r) => r.timeZone, search: sites.timeZone, text: (r) => r.timeZone, width: 2 },
      { key: 'codes', label: 'sites.codes', text: (r) => `${r.voicemailOwnCode} / ${r.voicemailOtherCode} / ${r.conferenceCode}`, width: 2 },
      { key: 'pbxHost', label: 'sites.pbxHost', search: sites.pbxHost, text: (r) => r.pbxHost, width: 2 },
      { key: 'connector', label: 'sites.connector', text: (r, ctx) => ctx.t(`sites.connector.${r.pbxConnection.kind}` as never), width: 2 },
    ],
    fetch: (where, orderBy, limit, offset) => db.select().from(sites).where(base(where)).orderBy(...orderBy).limit(limit).offset(offset),
    count: (where) => db.$count(sites, base(where)),
  };
}

export async function createSite(db: Db, scope: Scope, input: SiteInput, now: Date): Promise<string> {
  if (scope.siteIds) throw new ApiError('FORBIDDEN', 'a site-limited user cannot create sites', { messageKey: 'err.siteLimitedCreate' });
  const id = newId();
  const promptLanguage = input.promptLanguage ?? (await organizationLanguage(db, scope.orgId));
  const { sipInbound: _inbound, sipTrunk: _trunk, ...rest } = input;
  const values = { ...rest, ...resolveSipSecrets(input, null), promptLanguage };
  await db.batch([
    db.insert(sites).values({ id, orgId: scope.orgId, ...values, createdAt: now, updatedAt: now }),
    auditEntry(db, scope, { action: 'create', entityType: 'site', entityId: id, summary: input.name }, now),
  ]);
  return id;
}

/** A site as the API shows it: credentials are write-only (only the PBX header's name shows). */
export function redactSite({ orgId: _org, ...site }: SiteRow) {
  const conn = site.pbxConnection;
  const pbxConnection = conn.kind === 'http' && conn.authHeader ? { ...conn, authHeader: `${conn.authHeader.split(':')[0]}: ***` } : conn;
  return { ...site, pbxConnection, ...redactSip(site) };
}

/**
 * The organization's language, which new sites' prompts default to: the one its administrator
 * was created with (organizations keep no language of their own).
 */
export async function organizationLanguage(db: Db, orgId: string): Promise<PromptLanguage> {
  const [owner] = await db.select({ language: users.language }).from(users).where(and(eq(users.orgId, orgId), eq(users.isOwner, true))).orderBy(users.createdAt).limit(1);
  const language = owner?.language;
  return language === 'en' || language === 'es' ? language : 'pt-BR';
}

export async function updateSite(db: Db, scope: Scope, id: string, input: Partial<SiteInput>, now: Date): Promise<void> {
  const current = await getSite(db, scope, id);
  const clash = clashingCode({ ...current, ...input });
  if (clash) throw fieldError(clash, 'err.codesDistinct');
  const { sipInbound: _inbound, sipTrunk: _trunk, ...rest } = input;
  const secrets = resolveSipSecrets(input, current);
  const conn = input.pbxConnection;
  // An omitted credential keeps the stored one (forms never echo it back); "" removes it.
  if (conn?.kind === 'http' && conn.authHeader === undefined && current.pbxConnection.kind === 'http') {
    conn.authHeader = current.pbxConnection.authHeader;
  }
  if (conn?.kind === 'http' && conn.authHeader === '') delete conn.authHeader;
  await db.batch([
    db.update(sites).set({ ...rest, ...secrets, updatedAt: now }).where(and(eq(sites.id, id), eq(sites.orgId, scope.orgId))),
    auditEntry(db, scope, { action: 'update', entityType: 'site', entityId: id, summary: `${current.name}: ${Object.keys(input).join(', ')}` }, now),
  ]);
}

/** A site holds an organization's telephony; the last one stays, and one still in use is refused. */
export async function deleteSites(db: Db, scope: Scope, ids: string[], now: Date): Promise<number> {
  const unique = [...new Set(ids)];
  const found = await Promise.all(unique.map((id) => getSite(db, scope, id)));
  if ((await db.$count(sites, eq(sites.orgId, scope.orgId))) <= unique.length) throw new ApiError('PROTECTED', 'an organization keeps at least one site', { messageKey: 'err.lastSite' });
  await db.batch([
    db.delete(extensions).where(inArray(extensions.siteId, unique)),
    db.delete(userSites).where(inArray(userSites.siteId, unique)),
    db.update(apiTokens).set({ revokedAt: now }).where(and(inArray(apiTokens.siteId, unique), sql`${apiTokens.revokedAt} is null`)),
    db.delete(sites).where(and(eq(sites.orgId, scope.orgId), inArray(sites.id, unique))),
    ...found.map((s) => auditEntry(db, scope, { action: 'delete', entityType: 'site', entityId: s.id, summary: s.name }, now)),
  ]);
  return unique.length;
}

/** The organization's clock for system pages: its oldest site's time zone. */
export async function organizationTimeZone(db: Db, orgId: string): Promise<string> {
  const [row] = await db.select({ timeZone: sites.timeZone }).from(sites).where(eq(sites.orgId, orgId)).orderBy(sites.createdAt).limit(1);
  return row?.timeZone ?? 'UTC';
}
