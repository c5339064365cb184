import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { jobs, webhookAttempts, webhookDeliveries, webhookEndpoints } from '../../../schema/index.js';
import { fieldError, notFound } from '../../errors.js';
import { auditEntry } from '../audit/audit-entry.js';
import { newId } from '../auth/random.js';
import type { Scope } from '../scope.js';
import { checkSiteIds } from '../users/references.js';
import { WEBHOOK_DELIVERY_JOB } from './delivery-queue.js';
import { endpointVisible, getEndpoint, type EndpointView } from './endpoint-list.js';
import type { EndpointCreate, EndpointUpdate } from './endpoint-schemas.js';
import { newWebhookSecret, rotatedSecrets } from './endpoint-secret.js';
import { checkWebhookUrl } from './endpoint-url.js';

export type EndpointRow = typeof webhookEndpoints.$inferSelect;

/** The stored row, secrets included, of an endpoint the actor may see; for this module's writes only. */
export async function endpointRow(db: Db, scope: Scope, id: string): Promise<EndpointRow> {
  const [row] = await db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.orgId, scope.orgId), endpointVisible(scope)));
  if (!row) throw notFound('webhook endpoint');
  return row;
}

function checkUrl(url: string, allowPrivate: boolean): void {
  const check = checkWebhookUrl(url, allowPrivate);
  if (!check.ok) throw fieldError('url', check.reason);
}

/** Sites of the organization inside the actor's own; a site-limited actor must name some. */
async function checkSites(db: Db, scope: Scope, ids: string[]): Promise<string[]> {
  if (!ids.length && scope.siteIds) throw fieldError('sites', 'err.siteLimitRequired');
  return checkSiteIds(db, scope, ids, 'sites');
}

export async function createEndpoint(db: Db, scope: Scope, input: EndpointCreate, allowPrivate: boolean, now: Date): Promise<{ endpoint: EndpointView; secret: string }> {
  checkUrl(input.url, allowPrivate);
  const siteIds = await checkSites(db, scope, input.sites);
  const id = newId();
  const secret = newWebhookSecret();
  await db.batch([
    db.insert(webhookEndpoints).values({
      id, orgId: scope.orgId, url: input.url, description: input.description, eventTypes: [...new Set(input.events)], siteIds, active: input.active,
      secret, disabledAt: input.active ? null : now, createdBy: scope.actor.id, createdAt: now, updatedAt: now,
    }),
    auditEntry(db, scope, { action: 'create', entityType: 'webhook', entityId: id, summary: input.url }, now),
  ]);
  return { endpoint: await getEndpoint(db, scope, id), secret };
}

export async function updateEndpoint(db: Db, scope: Scope, id: string, input: EndpointUpdate, allowPrivate: boolean, now: Date): Promise<EndpointView> {
  const current = await endpointRow(db, scope, id);
  const changes: Partial<EndpointRow> = { updatedAt: now };
  if (input.url !== undefined) {
    checkUrl(input.url, allowPrivate);
    changes.url = input.url;
  }
  if (input.description !== undefined) changes.description = input.description;
  if (input.events !== undefined) changes.eventTypes = [...new Set(input.events)];
  if (input.sites !== undefined) changes.siteIds = await checkSites(db, scope, input.sites);
  if (input.active === true && !current.active) Object.assign(changes, { active: true, disabledReason: null, disabledAt: null, failingSince: null });
  // Turned off by a person: no reason, which tells the page it was not the system.
  if (input.active === false && current.active) Object.assign(changes, { active: false, disabledReason: null, disabledAt: now });
  const changed = Object.keys(input).filter((k) => input[k as keyof EndpointUpdate] !== undefined);
  await db.batch([
    db.update(webhookEndpoints).set(changes).where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.orgId, scope.orgId))),
    auditEntry(db, scope, { action: 'update', entityType: 'webhook', entityId: id, summary: `${changes.url ?? current.url} (${changed.join(', ')})` }, now),
  ]);
  return getEndpoint(db, scope, id);
}

/** Deletes the endpoint with its log, its deliveries and their queued jobs, in one batch. */
export async function deleteEndpoint(db: Db, scope: Scope, id: string, now: Date): Promise<void> {
  const current = await endpointRow(db, scope, id);
  const ofEndpoint = and(eq(webhookDeliveries.orgId, scope.orgId), eq(webhookDeliveries.endpointId, id));
  // A subquery instead of a list of ids: one statement whatever the number of deliveries.
  const deliveryIds = db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(ofEndpoint);
  await db.batch([
    db.delete(jobs).where(and(eq(jobs.orgId, scope.orgId), eq(jobs.kind, WEBHOOK_DELIVERY_JOB), inArray(jobs.id, deliveryIds))),
    db.delete(webhookAttempts).where(and(eq(webhookAttempts.orgId, scope.orgId), eq(webhookAttempts.endpointId, id))),
    db.delete(webhookDeliveries).where(ofEndpoint),
    db.delete(webhookEndpoints).where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.orgId, scope.orgId))),
    auditEntry(db, scope, { action: 'delete', entityType: 'webhook', entityId: id, summary: current.url }, now),
  ]);
}

/** A new secret, shown once; the old one keeps signing until the overlap ends. */
export async function rotateSecret(db: Db, scope: Scope, id: string, overlapHours: number, now: Date): Promise<{ id: string; secret: string; previousSecretUntil: Date | null }> {
  const current = await endpointRow(db, scope, id);
  const next = rotatedSecrets(current.secret, overlapHours, now);
  await db.batch([
    db.update(webhookEndpoints).set({ ...next, updatedAt: now }).where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.orgId, scope.orgId))),
    auditEntry(db, scope, { action: 'rotate', entityType: 'webhook', entityId: id, summary: `${current.url} (overlap ${overlapHours} h)` }, now),
  ]);
  return { id, secret: next.secret, previousSecretUntil: next.previousSecretUntil };
}

/** How many deliveries of the endpoint still wait for an attempt or a retry. */
export async function pendingDeliveries(db: Db, scope: Scope, id: string): Promise<number> {
  return db.$count(webhookDeliveries, and(eq(webhookDeliveries.orgId, scope.orgId), eq(webhookDeliveries.endpointId, id), eq(webhookDeliveries.status, 'pending')));
}

