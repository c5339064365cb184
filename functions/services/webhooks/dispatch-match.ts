/** Which of an organization's webhook endpoints want an event. */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { webhookEndpoints } from '../../../schema/index.js';
import { isDeliverable } from '../events/event-catalogue.js';

export interface EndpointFilter {
  id: string;
  orgId: string;
  eventTypes: string[];
  siteIds: string[];
}

/** Test events go only to the endpoint they test, never to every subscriber. */
export const PING_EVENT = 'ping';

// D1 caps bound parameters per statement.
const CHUNK = 50;

/** The active endpoints of these organizations, by organization. */
export async function activeEndpointsByOrg(db: Db, orgIds: string[]): Promise<Map<string, EndpointFilter[]>> {
  const byOrg = new Map<string, EndpointFilter[]>();
  const unique = [...new Set(orgIds)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await db
      .select({ id: webhookEndpoints.id, orgId: webhookEndpoints.orgId, eventTypes: webhookEndpoints.eventTypes, siteIds: webhookEndpoints.siteIds })
      .from(webhookEndpoints)
      .where(and(inArray(webhookEndpoints.orgId, unique.slice(i, i + CHUNK)), eq(webhookEndpoints.active, true)))
      .orderBy(webhookEndpoints.createdAt);
    for (const row of rows) byOrg.set(row.orgId, [...(byOrg.get(row.orgId) ?? []), row]);
  }
  return byOrg;
}

/**
 * Whether an endpoint wants an event: only the catalogue's types (audio.stored, internal, carries
 * storage keys a CRM cannot use); its types are empty (all) or name the type, and its sites
 * are empty (all, and events of no site) or include the event's site.
 */
export function endpointWants(endpoint: EndpointFilter, event: { type: string; siteId: string | null }): boolean {
  // Only documented types go out: never pings (sent to one endpoint by hand), Ramal's internal
  // events, or a type a node made up.
  if (!isDeliverable(event.type)) return false;
  if (endpoint.eventTypes.length > 0 && !endpoint.eventTypes.includes(event.type)) return false;
  if (endpoint.siteIds.length === 0) return true;
  return event.siteId !== null && endpoint.siteIds.includes(event.siteId);
}
