import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { events, jobs, webhookAttempts, webhookDeliveries } from '../../../schema/index.js';
import { newId } from '../../../functions/services/auth/random.js';
import { deliveryIdFor, deliveryInserts, WEBHOOK_DELIVERY_JOB } from '../../../functions/services/webhooks/delivery-queue.js';
import { type Harness, useHarness } from '../../helpers/harness.js';
import type { TestClient } from '../../helpers/test-client.js';
import { expectError, jsonOf, refusedFields, unique } from './api-helpers.js';

let h: Harness;
let admin: TestClient;

useHarness((ready) => ({ h, admin } = ready));

async function endpoint(client = admin): Promise<string> {
  return (await jsonOf(await client.json('POST', '/api/v1/webhooks', { url: `https://crm.example.com/${unique('in')}` }), 201)).id;
}

/** Deliveries made `at` with a status; their jobs finished (failed or done) long ago. */
async function seedDeliveries(endpointId: string, n: number, at: Date, status: 'failed' | 'succeeded' | 'pending', orgId = h.org.orgId): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const eventId = newId();
    const id = await deliveryIdFor(endpointId, eventId);
    ids.push(id);
    const [a, ...rest] = deliveryInserts(h.deps.db, { id, orgId, endpointId, eventId, eventType: 'user.created' }, at);
    await h.deps.db.batch([
      a!, ...rest,
      h.deps.db.update(webhookDeliveries).set({ status, attempts: 3 }).where(eq(webhookDeliveries.id, id)),
      h.deps.db.update(jobs).set({ status: status === 'pending' ? 'queued' : status === 'failed' ? 'failed' : 'done', attempts: 3, runAt: at }).where(eq(jobs.id, id)),
    ]);
  }
  return ids;
}

const jobsOf = (ids: string[]) => h.deps.db.select().from(jobs).where(inArray(jobs.id, ids));

describe('sending a test event', () => {
  it('queues one ping delivery and its job for this endpoint only, and answers 202', async () => {
    const target = await endpoint();
    const bystander = await endpoint();
    const res = await admin.json('POST', `/api/v1/webhooks/${target}/test`, {});
    const sent = await jsonOf(res, 202);
    expect(sent.deliveryId).toBe(await deliveryIdFor(target, sent.eventId));
    const [event] = await h.deps.db.select().from(events).where(eq(events.id, sent.eventId));
    expect(event).toMatchObject({ type: 'ping', orgId: h.org.orgId, siteId: null, payload: { endpointId: target, message: 'Test event from Ramal' } });
    expect(event?.dispatchedAt).toBeInstanceOf(Date);
    const deliveries = await h.deps.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, sent.eventId));
    expect(deliveries.map((d) => [d.id, d.endpointId, d.status])).toEqual([[sent.deliveryId, target, 'pending']]);
    const queued = await h.deps.db.select().from(jobs).where(eq(jobs.id, sent.deliveryId));
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ kind: WEBHOOK_DELIVERY_JOB, status: 'queued', input: { deliveryId: sent.deliveryId } });
    expect(await h.deps.db.$count(webhookDeliveries, eq(webhookDeliveries.endpointId, bystander))).toBe(0);
  });

  it('answers 409 for a disabled endpoint and queues nothing', async () => {
    const id = await endpoint();
    await jsonOf(await admin.json('PATCH', `/api/v1/webhooks/${id}`, { active: false }));
    await expectError(await admin.json('POST', `/api/v1/webhooks/${id}/test`, {}), 409, 'CONFLICT');
    expect(await h.deps.db.$count(webhookDeliveries, eq(webhookDeliveries.endpointId, id))).toBe(0);
  });
});

describe('the delivery log', () => {
  let id: string;
  const t0 = new Date('2026-03-01T12:00:00Z');
  beforeAll(async () => {
    id = await endpoint();
    const other = await endpoint();
    const attempt = (endpointId: string, n: number, outcome: 'succeeded' | 'retrying' | 'failed', minutes: number, extra: Record<string, unknown> = {}) => ({
      id: newId(), orgId: h.org.orgId, endpointId, deliveryId: `dlv_${n}`, eventId: `evt-${n}`, eventType: 'user.created', attempt: n, outcome,
      statusCode: outcome === 'succeeded' ? 200 : 503, latencyMs: 40 + n, responseExcerpt: `answer ${n} ${'x'.repeat(300)}`, error: null, attemptedAt: new Date(t0.getTime() + minutes * 60_000), ...extra,
    });
    await h.deps.db.insert(webhookAttempts).values([
      attempt(id, 1, 'retrying', 0),
      attempt(id, 2, 'retrying', 10),
      attempt(id, 3, 'succeeded', 20),
      attempt(id, 4, 'failed', 30, { eventType: 'sync.completed', eventId: 'evt-special', statusCode: null, error: 'connection refused' }),
      attempt(other, 5, 'failed', 5),
    ]);
  });

  it('lists this endpoint\'s attempts newest first, excerpts cut to 200 characters in exports', async () => {
    const page = await jsonOf(await admin.get(`/api/v1/webhooks/${id}/deliveries`));
    expect(page.total).toBe(4);
    expect(page.items.map((a: any) => a.attempt)).toEqual([4, 3, 2, 1]);
    expect(page.items[1]).toMatchObject({ outcome: 'succeeded', statusCode: 200, latencyMs: 43, eventId: 'evt-3' });
  });

  it('filters by outcome, period and event type, and searches the error text', async () => {
    const items = async (query: string) => (await jsonOf(await admin.get(`/api/v1/webhooks/${id}/deliveries?${query}`))).items.map((a: any) => a.attempt);
    expect(await items('outcome=retrying')).toEqual([2, 1]);
    expect(await items(`from=${encodeURIComponent('2026-03-01T12:10:00Z')}&to=${encodeURIComponent('2026-03-01T12:30:00Z')}`)).toEqual([3, 2]);
    expect(await items('eventType=sync.completed')).toEqual([4]);
    expect(await items('q=refused')).toEqual([4]);
    expect(await items('q=evt-special')).toEqual([4]);
  });

  it('refuses a bad outcome or date, naming the field', async () => {
    expect(await refusedFields(await admin.get(`/api/v1/webhooks/${id}/deliveries?outcome=lost`))).toEqual(['outcome']);
    expect(await refusedFields(await admin.get(`/api/v1/webhooks/${id}/deliveries?from=yesterday`))).toEqual(['from']);
  });

  it('exports the filtered log as CSV', async () => {
    const res = await admin.get(`/api/v1/webhooks/${id}/deliveries?format=csv&outcome=failed`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const csv = await res.text();
    expect(csv).toContain('connection refused');
    expect(csv).toContain('evt-special');
    expect(csv).not.toContain('evt-3');
    expect(csv).not.toContain('x'.repeat(201));
  });
});

describe('replaying', () => {
  it('replays one delivery: its job is queued again now, other deliveries stay as they were', async () => {
    const id = await endpoint();
    const [one, two] = await seedDeliveries(id, 2, new Date(Date.now() - 86_400_000), 'failed');
    const before = Date.now();
    const res = await admin.json('POST', `/api/v1/webhooks/${id}/deliveries/${one}/replay`, {});
    expect(res.status).toBe(202);
    const [j1, j2] = [(await jobsOf([one!]))[0], (await jobsOf([two!]))[0]];
    expect(j1).toMatchObject({ status: 'queued', attempts: 0, error: null });
    expect(j1!.runAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(j2).toMatchObject({ status: 'failed' });
    const [d1] = await h.deps.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, one!));
    expect(d1?.status).toBe('pending');
  });

  it('brings back the job of a delivery whose job was already cleaned away', async () => {
    const id = await endpoint();
    const [one] = await seedDeliveries(id, 1, new Date(Date.now() - 86_400_000), 'failed');
    await h.deps.db.delete(jobs).where(eq(jobs.id, one!));
    expect((await admin.json('POST', `/api/v1/webhooks/${id}/deliveries/${one}/replay`, {})).status).toBe(202);
    expect(await jobsOf([one!])).toMatchObject([{ status: 'queued', kind: WEBHOOK_DELIVERY_JOB, input: { deliveryId: one } }]);
  });

  it('answers 404 for a delivery of another endpoint', async () => {
    const a = await endpoint();
    const b = await endpoint();
    const [ofB] = await seedDeliveries(b, 1, new Date(), 'failed');
    await expectError(await admin.json('POST', `/api/v1/webhooks/${a}/deliveries/${ofB}/replay`, {}), 404, 'NOT_FOUND');
    expect((await jobsOf([ofB!]))[0]?.status).toBe('failed');
  });

  it('replays the failed deliveries created in [from, to) and nothing else, past one chunk of ids', async () => {
    const id = await endpoint();
    const inside = await seedDeliveries(id, 120, new Date('2026-02-10T10:00:00Z'), 'failed');
    const atEnd = await seedDeliveries(id, 1, new Date('2026-02-11T00:00:00Z'), 'failed');
    const earlier = await seedDeliveries(id, 1, new Date('2026-02-09T23:59:59Z'), 'failed');
    const succeeded = await seedDeliveries(id, 1, new Date('2026-02-10T11:00:00Z'), 'succeeded');
    const other = await seedDeliveries(await endpoint(), 1, new Date('2026-02-10T11:00:00Z'), 'failed');
    const answer = await jsonOf(await admin.json('POST', `/api/v1/webhooks/${id}/replay`, { from: '2026-02-10T00:00:00Z', to: '2026-02-11T00:00:00Z' }));
    expect(answer).toEqual({ replayed: 120 });
    const requeued = await jobsOf(inside);
    expect(requeued.filter((j) => j.status === 'queued')).toHaveLength(120);
    for (const ids of [atEnd, earlier, other]) expect((await jobsOf(ids))[0]?.status).toBe('failed');
    expect((await jobsOf(succeeded))[0]?.status).toBe('done');
  });

  it('refuses a period that ends before it starts, naming to', async () => {
    const id = await endpoint();
    expect(await refusedFields(await admin.json('POST', `/api/v1/webhooks/${id}/replay`, { from: '2026-02-11T00:00:00Z', to: '2026-02-10T00:00:00Z' }))).toEqual(['to']);
  });
});

describe('deleting an endpoint', () => {
  it('removes its deliveries, their jobs and its log, and leaves other endpoints\' alone', async () => {
    const id = await endpoint();
    const keep = await endpoint();
    const mine = await seedDeliveries(id, 3, new Date(), 'pending');
    const theirs = await seedDeliveries(keep, 2, new Date(), 'pending');
    await h.deps.db.insert(webhookAttempts).values({ id: newId(), orgId: h.org.orgId, endpointId: id, deliveryId: mine[0]!, eventId: 'e', eventType: 'user.created', attempt: 1, outcome: 'retrying', latencyMs: 1, attemptedAt: new Date() });
    expect((await admin.json('DELETE', `/api/v1/webhooks/${id}`, {})).status).toBe(204);
    await expectError(await admin.get(`/api/v1/webhooks/${id}`), 404);
    expect(await jobsOf(mine)).toHaveLength(0);
    expect(await h.deps.db.$count(webhookDeliveries, eq(webhookDeliveries.endpointId, id))).toBe(0);
    expect(await h.deps.db.$count(webhookAttempts, eq(webhookAttempts.endpointId, id))).toBe(0);
    expect(await jobsOf(theirs)).toHaveLength(2);
    expect(await h.deps.db.$count(webhookDeliveries, and(eq(webhookDeliveries.endpointId, keep)))).toBe(2);
  });
});
