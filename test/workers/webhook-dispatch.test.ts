import { eq, isNull } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimEvents } from '../../functions/services/webhooks/dispatch-claim.js';
import { deliveryIdFor } from '../../functions/services/webhooks/delivery-queue.js';
import { events, jobs, webhookDeliveries, webhookEndpoints } from '../../schema/index.js';
import { dispatchEvents } from '../../workers/jobs/dispatch-events.js';
import { createHarness, type Harness } from '../helpers/harness.js';
import { addEndpoint, addEvent } from '../helpers/webhook-receiver.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ RAMAL_WEBHOOK_ALLOW_PRIVATE: 'true' });
});
afterEach(() => h.close());

// Dispatch never sends, so the URL is never called.
const url = 'http://127.0.0.1:9/hook';
const deliveredTo = async (endpointId: string) =>
  (await h.deps.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId))).map((d) => d.eventId).sort();
const pending = () => h.deps.db.select().from(events).where(isNull(events.dispatchedAt));

describe('event dispatch', () => {
  it('creates one delivery and one job (same id) per matching endpoint and marks the event dispatched', async () => {
    const a = await addEndpoint(h, { url });
    const b = await addEndpoint(h, { url });
    const eventId = await addEvent(h);
    expect(await dispatchEvents(h.deps, { owner: 'r1' })).toBe(1);
    expect(await deliveredTo(a.id)).toEqual([eventId]);
    expect(await deliveredTo(b.id)).toEqual([eventId]);
    const id = await deliveryIdFor(a.id, eventId);
    const [job] = await h.deps.db.select().from(jobs).where(eq(jobs.id, id));
    expect(job).toMatchObject({ kind: 'webhook-delivery', status: 'queued', input: { deliveryId: id } });
    expect(await pending()).toEqual([]);
    expect(await dispatchEvents(h.deps, { owner: 'r1' })).toBe(0);
  });

  it('sends only the event types an endpoint chose, or all when it chose none', async () => {
    const voicemail = await addEndpoint(h, { url, eventTypes: ['voicemail.received'] });
    const all = await addEndpoint(h, { url });
    const v = await addEvent(h, { type: 'voicemail.received' });
    const c = await addEvent(h, { type: 'conference.started' });
    await dispatchEvents(h.deps, { owner: 'r1' });
    expect(await deliveredTo(voicemail.id)).toEqual([v]);
    expect(await deliveredTo(all.id)).toEqual([v, c].sort());
  });

  it('sends only the sites an endpoint chose; an event of no site goes only to endpoints without a site filter', async () => {
    const other = await h.addOrganization('Other', 'other@example.test');
    const siteOnly = await addEndpoint(h, { url, siteIds: [h.org.siteId] });
    const anySite = await addEndpoint(h, { url });
    const onSite = await addEvent(h);
    const noSite = await addEvent(h, { siteId: null });
    const elsewhere = await addEvent(h, { siteId: 'another-site' });
    await addEvent(h, { orgId: other.orgId, siteId: other.siteId });
    await dispatchEvents(h.deps, { owner: 'r1' });
    expect(await deliveredTo(siteOnly.id)).toEqual([onSite]);
    expect(await deliveredTo(anySite.id)).toEqual([onSite, noSite, elsewhere].sort());
  });

  it('never sends an event to another organization\'s endpoint, nor to an inactive one', async () => {
    const other = await h.addOrganization('Other', 'other@example.test');
    const foreign = await addEndpoint(h, { url, orgId: other.orgId });
    const off = await addEndpoint(h, { url, active: false });
    await addEvent(h);
    await dispatchEvents(h.deps, { owner: 'r1' });
    expect(await deliveredTo(foreign.id)).toEqual([]);
    expect(await deliveredTo(off.id)).toEqual([]);
  });

  it('does not fan out ping events', async () => {
    const a = await addEndpoint(h, { url });
    await addEvent(h, { type: 'ping' });
    expect(await dispatchEvents(h.deps, { owner: 'r1' })).toBe(1);
    expect(await deliveredTo(a.id)).toEqual([]);
  });

  it('writes what an internal consumer returns in the same batch, for its event type only', async () => {
    const seen: string[] = [];
    const consumers = {
      'voicemail.received': async (deps: typeof h.deps, event: { id: string }) => {
        seen.push(event.id);
        return [deps.db.update(webhookEndpoints).set({ description: `notified ${event.id}` }).where(eq(webhookEndpoints.orgId, h.org.orgId))];
      },
    };
    const a = await addEndpoint(h, { url });
    const v = await addEvent(h);
    await addEvent(h, { type: 'conference.started' });
    await dispatchEvents(h.deps, { owner: 'r1', consumers });
    expect(seen).toEqual([v]);
    const [row] = await h.deps.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, a.id));
    expect(row!.description).toBe(`notified ${v}`);
  });

  it('leaves an event whose consumer fails for a later round and dispatches the others', async () => {
    const bad = await addEvent(h, { type: 'user.synced' });
    const good = await addEvent(h);
    const consumers = { 'user.synced': async () => { throw new Error('mail settings unreadable'); } };
    expect(await dispatchEvents(h.deps, { owner: 'r1', consumers })).toBe(1);
    expect((await pending()).map((e) => e.id)).toEqual([bad]);
    expect(good).not.toBe(bad);
  });

  it('claims at most `limit` events, oldest first', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(await addEvent(h));
      h.clock.offsetMs += 10;
    }
    expect(await dispatchEvents(h.deps, { owner: 'r1', limit: 2 })).toBe(2);
    expect((await pending()).map((e) => e.id).sort()).toEqual(ids.slice(2).sort());
  });

  it('does not take events another runner holds until its lease ends', async () => {
    await addEndpoint(h, { url });
    await addEvent(h);
    expect(await claimEvents(h.deps.db, h.deps.now(), 100)).toHaveLength(1);
    expect(await dispatchEvents(h.deps, { owner: 'r2' })).toBe(0);
    h.clock.offsetMs += 60_001;
    expect(await dispatchEvents(h.deps, { owner: 'r2' })).toBe(1);
    expect(await h.deps.db.select().from(webhookDeliveries)).toHaveLength(1);
  });
});
