import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { jobs, webhookAttempts, webhookDeliveries, webhookEndpoints } from '../../../schema/index.js';
import { newId } from '../../../functions/services/auth/random.js';
import { translator } from '../../../functions/i18n/index.js';
import { deliveryIdFor, deliveryInserts } from '../../../functions/services/webhooks/delivery-queue.js';
import { type Harness, useHarness } from '../../helpers/harness.js';
import type { TestClient } from '../../helpers/test-client.js';
import { matrixWithout, unique, userWithMatrix } from './api-helpers.js';

let h: Harness;
let admin: TestClient;
const t = translator('en');

useHarness((ready) => ({ h, admin } = ready));

const form = (fields: Record<string, string | string[]>) => ({ url: `https://crm.example.com/${unique('in')}`, description: '', eventsMode: 'all', sitesMode: 'all', active: 'on', ...fields });

async function created(fields: Record<string, string | string[]> = {}): Promise<{ id: string; secret: string }> {
  const res = await admin.form('/webhooks/new', form(fields));
  const html = await res.text();
  expect(res.status, html).toBe(201);
  const secret = /value="(whsec_[^"]+)"/.exec(html)?.[1] ?? '';
  const id = /href="\/webhooks\/([^"/]+)"/.exec(html)?.[1] ?? '';
  return { id, secret };
}

describe('webhook pages', () => {
  it('creates an endpoint from the form and shows its secret once, never cached', async () => {
    const res = await admin.form('/webhooks/new', form({ eventsMode: 'some', events: ['user.created', 'sync.completed'] }));
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    const secret = /value="(whsec_[^"]+)"/.exec(html)?.[1];
    expect(secret).toBeDefined();
    const [row] = await h.deps.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.secret, secret!));
    expect(row?.eventTypes).toEqual(['user.created', 'sync.completed']);
    const page = await (await admin.get(`/webhooks/${row!.id}`)).text();
    expect(page).not.toContain(secret);
    expect(page).toContain(t('webhooks.logTitle'));
  });

  it('shows a refused private URL next to the field, in the page language, with 400', async () => {
    const res = await admin.form('/webhooks/new', form({ url: 'http://192.168.0.9/in' }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(t('webhooks.err.url.privateAddress'));
  });

  it('refuses "only these types" with none checked', async () => {
    const res = await admin.form('/webhooks/new', form({ eventsMode: 'some' }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(t('webhooks.err.pickEvents'));
  });

  it('refuses a form without the CSRF token', async () => {
    const res = await admin.form('/webhooks/new', form({}), { csrf: null });
    expect(res.status).toBe(403);
  });

  it('answers 404 for another organization\'s endpoint and 403 without system.configure', async () => {
    const other = await h.addOrganization(unique('Other'), `${unique('o')}@example.test`);
    const id = newId();
    await h.deps.db.insert(webhookEndpoints).values({ id, orgId: other.orgId, url: 'https://x.example.com/', eventTypes: [], siteIds: [], secret: 'whsec_x', createdAt: new Date(), updatedAt: new Date() });
    expect((await admin.get(`/webhooks/${id}`)).status).toBe(404);
    expect((await admin.form(`/webhooks/${id}/delete`, {})).status).toBe(404);
    const { client } = await userWithMatrix(h, matrixWithout('system', 'configure'));
    expect((await client.get('/webhooks')).status).toBe(403);
  });

  it('edits, disables and enables an endpoint', async () => {
    const { id } = await created();
    const saved = await admin.form(`/webhooks/${id}`, form({ url: 'https://edited.example.com/in', description: 'Edited', sitesMode: 'some', sites: [h.org.siteId] }));
    expect(saved.status).toBe(303);
    const [row] = await h.deps.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    expect(row).toMatchObject({ url: 'https://edited.example.com/in', description: 'Edited', siteIds: [h.org.siteId], active: true });
    await admin.form(`/webhooks/${id}/disable`, {});
    expect((await h.deps.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)))[0]?.active).toBe(false);
    const page = await (await admin.get(`/webhooks/${id}`)).text();
    expect(page).not.toContain(t('webhooks.sendTest'));
    await admin.form(`/webhooks/${id}/enable`, {});
    expect((await h.deps.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)))[0]?.active).toBe(true);
  });

  it('shows why the system disabled an endpoint', async () => {
    const { id } = await created();
    await h.deps.db.update(webhookEndpoints).set({ active: false, disabledReason: 'the receiver answered 410 Gone', disabledAt: new Date() }).where(eq(webhookEndpoints.id, id));
    expect(await (await admin.get(`/webhooks/${id}`)).text()).toContain('the receiver answered 410 Gone');
  });

  it('rotates the secret and shows the new one once', async () => {
    const { id, secret } = await created();
    const res = await admin.form(`/webhooks/${id}/rotate`, { overlapHours: '6' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const fresh = /value="(whsec_[^"]+)"/.exec(await res.text())?.[1];
    const [row] = await h.deps.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    expect(row).toMatchObject({ secret: fresh, previousSecret: secret });
  });

  it('filters the log by outcome through the path, and exports it', async () => {
    const { id } = await created();
    const attempt = (outcome: 'succeeded' | 'failed', eventId: string) => ({
      id: newId(), orgId: h.org.orgId, endpointId: id, deliveryId: 'dlv_x', eventId, eventType: 'user.created', attempt: 1, outcome, latencyMs: 5, attemptedAt: new Date(),
    });
    await h.deps.db.insert(webhookAttempts).values([attempt('succeeded', 'evt-good'), attempt('failed', 'evt-bad')]);
    const failed = await (await admin.get(`/webhooks/${id}/log/failed`)).text();
    expect(failed).toContain('evt-bad');
    expect(failed).not.toContain('evt-good');
    expect((await admin.get(`/webhooks/${id}/log/lost`)).status).toBe(400);
    const csv = await (await admin.get(`/webhooks/${id}/log/succeeded?format=csv`)).text();
    expect(csv).toContain('evt-good');
    expect(csv).not.toContain('evt-bad');
  });

  it('replays the failed deliveries of the days picked, in the organization\'s time zone', async () => {
    const { id } = await created();
    // 2026-01-05 02:00 UTC is still the 4th in São Paulo (UTC-3): outside a period of the 5th only.
    const seed = async (at: string) => {
      const eventId = newId();
      const deliveryId = await deliveryIdFor(id, eventId);
      const [a, ...rest] = deliveryInserts(h.deps.db, { id: deliveryId, orgId: h.org.orgId, endpointId: id, eventId, eventType: 'user.created' }, new Date(at));
      await h.deps.db.batch([a!, ...rest]);
      await h.deps.db.batch([h.deps.db.update(jobs).set({ status: 'failed' }).where(eq(jobs.id, deliveryId)), h.deps.db.update(webhookDeliveries).set({ status: 'failed' }).where(eq(webhookDeliveries.id, deliveryId))]);
      return deliveryId;
    };
    const inside = await seed('2026-01-05T12:00:00Z');
    const before = await seed('2026-01-05T02:00:00Z');
    const res = await admin.form(`/webhooks/${id}/replay`, { from: '2026-01-05', to: '2026-01-05' });
    expect(res.status).toBe(303);
    const status = async (jobId: string) => (await h.deps.db.select({ s: jobs.status }).from(jobs).where(eq(jobs.id, jobId)))[0]?.s;
    expect(await status(inside)).toBe('queued');
    expect(await status(before)).toBe('failed');
  });

  it('deletes an endpoint', async () => {
    const { id } = await created();
    const res = await admin.form(`/webhooks/${id}/delete`, {});
    expect(res.status).toBe(303);
    expect(await h.deps.db.$count(webhookEndpoints, eq(webhookEndpoints.id, id))).toBe(0);
  });
});
