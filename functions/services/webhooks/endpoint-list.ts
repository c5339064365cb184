import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { sites, webhookEndpoints } from '../../../schema/index.js';
import { notFound } from '../../errors.js';
import type { Scope } from '../scope.js';
import { formatDateTime } from '../table/format.js';
import type { FormatContext, ListSpec } from '../table/list-spec.js';

export type EndpointStatus = 'active' | 'disabled' | 'disabledBySystem';

/** An endpoint as people and the API see it: never its secrets. */
export interface EndpointView {
  id: string;
  url: string;
  description: string;
  events: string[];
  sites: string[];
  siteNames: string[];
  active: boolean;
  status: EndpointStatus;
  disabledReason: string | null;
  disabledAt: Date | null;
  failingSince: Date | null;
  lastSuccessAt: Date | null;
  previousSecretUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A site-limited actor sees only endpoints limited to sites all inside theirs: one sending every
 * site's events would leak the others' to a CRM they control.
 */
export function endpointVisible(scope: Scope): SQL | undefined {
  if (!scope.siteIds) return undefined;
  if (!scope.siteIds.length) return sql`0`;
  const mine = sql.join(scope.siteIds.map((id) => sql`${id}`), sql`, `);
  return sql`(json_array_length(${webhookEndpoints.siteIds}) > 0 and not exists (select 1 from json_each(${webhookEndpoints.siteIds}) where value not in (${mine})))`;
}

const viewColumns = {
  id: webhookEndpoints.id, url: webhookEndpoints.url, description: webhookEndpoints.description, events: webhookEndpoints.eventTypes, sites: webhookEndpoints.siteIds,
  active: webhookEndpoints.active, disabledReason: webhookEndpoints.disabledReason, disabledAt: webhookEndpoints.disabledAt, failingSince: webhookEndpoints.failingSince,
  lastSuccessAt: webhookEndpoints.lastSuccessAt, previousSecretUntil: webhookEndpoints.previousSecretUntil, createdAt: webhookEndpoints.createdAt, updatedAt: webhookEndpoints.updatedAt,
};

export function endpointStatusText(row: Pick<EndpointView, 'status' | 'disabledReason'>, t: FormatContext['t']): string {
  if (row.status === 'active') return t('webhooks.statusActive');
  if (row.status === 'disabled') return t('webhooks.statusDisabled');
  return `${t('webhooks.statusDisabledSystem')}: ${row.disabledReason ?? ''}`;
}

const dateText = (d: Date | null, ctx: FormatContext) => (d ? formatDateTime(d, ctx) : '');

export function endpointListSpec(db: Db, scope: Scope): ListSpec<EndpointView> {
  const base = (where: SQL | undefined) => and(eq(webhookEndpoints.orgId, scope.orgId), endpointVisible(scope), where);
  const fetch = async (where: SQL | undefined, orderBy: SQL[], limit: number, offset: number): Promise<EndpointView[]> => {
    const [rows, siteRows] = await Promise.all([
      db.select(viewColumns).from(webhookEndpoints).where(base(where)).orderBy(...orderBy).limit(limit).offset(offset),
      db.select({ id: sites.id, name: sites.name }).from(sites).where(eq(sites.orgId, scope.orgId)),
    ]);
    const names = new Map(siteRows.map((s) => [s.id, s.name]));
    return rows.map((r) => ({
      ...r,
      siteNames: r.sites.map((id) => names.get(id) ?? id),
      status: r.active ? 'active' : r.disabledReason ? 'disabledBySystem' : 'disabled',
    }));
  };
  return {
    defaultSort: '-createdAt',
    idColumn: webhookEndpoints.id,
    columns: [
      { key: 'url', label: 'webhooks.url', sortBy: sql`${webhookEndpoints.url} collate nocase`, sortValue: (r) => r.url, search: webhookEndpoints.url, text: (r) => r.url, width: 4 },
      { key: 'description', label: 'webhooks.description', sortBy: sql`${webhookEndpoints.description} collate nocase`, sortValue: (r) => r.description, search: webhookEndpoints.description, text: (r) => r.description, width: 3 },
      { key: 'events', label: 'webhooks.events', text: (r, ctx) => (r.events.length ? r.events.join(', ') : ctx.t('webhooks.allEvents')), width: 3 },
      { key: 'sites', label: 'webhooks.sites', text: (r, ctx) => (r.siteNames.length ? r.siteNames.join(', ') : ctx.t('common.allSites')), width: 2 },
      { key: 'status', label: 'webhooks.status', text: (r, ctx) => endpointStatusText(r, ctx.t), width: 2 },
      { key: 'lastSuccessAt', label: 'webhooks.lastSuccess', sortBy: sql`coalesce(${webhookEndpoints.lastSuccessAt}, 0)`, sortValue: (r) => r.lastSuccessAt?.getTime() ?? 0, text: (r, ctx) => dateText(r.lastSuccessAt, ctx), width: 2 },
      { key: 'failingSince', label: 'webhooks.failingSince', sortBy: sql`coalesce(${webhookEndpoints.failingSince}, 0)`, sortValue: (r) => r.failingSince?.getTime() ?? 0, text: (r, ctx) => dateText(r.failingSince, ctx), width: 2 },
      { key: 'createdAt', label: 'common.createdAt', sortBy: webhookEndpoints.createdAt, sortValue: (r) => r.createdAt.getTime(), text: (r, ctx) => formatDateTime(r.createdAt, ctx), width: 2 },
    ],
    fetch,
    count: (where) => db.$count(webhookEndpoints, base(where)),
  };
}

/** One endpoint of the organization that the actor may see, or NOT_FOUND. */
export async function getEndpoint(db: Db, scope: Scope, id: string): Promise<EndpointView> {
  const [row] = await endpointListSpec(db, scope).fetch(eq(webhookEndpoints.id, id), [], 1, 0);
  if (!row) throw notFound('webhook endpoint');
  return row;
}
