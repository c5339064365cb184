import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Deps } from '../../functions/deps.js';
import { buildNodeDeps } from '../../functions/node.js';
import { jobs, webhookAttempts, webhookDeliveries } from '../../schema/index.js';
import { dispatchEvents } from '../../workers/jobs/dispatch-events.js';
import { claimJob } from '../../workers/jobs/runner.js';
import type { Harness } from '../helpers/harness.js';
import { addEndpoint, addEvent, runUntilIdle, startWebhookReceiver, type WebhookReceiver, useWebhookHarness } from '../helpers/webhook-receiver.js';

let h: Harness;
const receivers = useWebhookHarness((ready) => (h = ready));

async function crm(): Promise<{ receiver: WebhookReceiver; endpointId: string }> {
  const receiver = await startWebhookReceiver({ secrets: [], now: h.deps.now });
  receivers.push(receiver);
  const endpoint = await addEndpoint(h, { url: receiver.url });
  receiver.secrets.push(endpoint.secret);
  return { receiver, endpointId: endpoint.id };
}

describe('webhook runners', () => {
  it('two runners on separate database connections deliver each event to each endpoint exactly once', async () => {
    const a = await crm();
    const b = await crm();
    const eventIds: string[] = [];
    for (let i = 0; i < 30; i++) eventIds.push(await addEvent(h));
    // A second process's view: its own libSQL client on the same database file, the same clock.
    const second: Deps = { ...(await buildNodeDeps(h.deps.config)), now: h.deps.now };

    await Promise.all([runUntilIdle(h.deps, 'runner-a', undefined, { limit: 7 }), runUntilIdle(second, 'runner-b', undefined, { limit: 7 })]);

    for (const { receiver } of [a, b]) {
      const ids = receiver.requests.map((r) => String(r.headers['webhook-id']));
      expect(ids).toHaveLength(30);
      expect(new Set(ids)).toEqual(new Set(eventIds));
      expect(receiver.requests.every((r) => r.verified)).toBe(true);
    }
    const delivered = await h.deps.db.select().from(webhookDeliveries);
    expect(delivered).toHaveLength(60);
    expect(delivered.every((d) => d.status === 'succeeded' && d.attempts === 1)).toBe(true);
    expect(await h.deps.db.select().from(webhookAttempts)).toHaveLength(60);
    // Both runners did part of the work, so the test did exercise two of them.
    const owners = new Set((await h.deps.db.select({ owner: jobs.leaseOwner }).from(jobs)).map((j) => j.owner));
    expect(owners).toEqual(new Set(['runner-a', 'runner-b']));
  });

  it('a job whose runner died mid-way is taken by another only after its lease ends, and delivered once', async () => {
    const { receiver } = await crm();
    await addEvent(h);
    await dispatchEvents(h.deps, { owner: 'dispatcher' });

    const dead = await claimJob(h.deps, 'dead', 30_000);
    expect(dead).not.toBeNull();
    expect(await runUntilIdle(h.deps, 'alive')).toBe(0);
    expect(receiver.requests).toHaveLength(0);

    h.clock.offsetMs += 30_001;
    expect(await runUntilIdle(h.deps, 'alive')).toBe(1);
    expect(receiver.requests).toHaveLength(1);
    expect(await runUntilIdle(h.deps, 'alive')).toBe(0);
    const [job] = await h.deps.db.select().from(jobs).where(eq(jobs.id, dead!.id));
    expect(job).toMatchObject({ status: 'done', leaseOwner: 'alive' });
    const [delivery] = await h.deps.db.select().from(webhookDeliveries);
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 1 });
  });

  it('a runner that died after logging a failed attempt does not make the next one before its time', async () => {
    const receiver = await startWebhookReceiver({ secrets: [], now: h.deps.now, reply: () => ({ status: 500 }) });
    receivers.push(receiver);
    const endpoint = await addEndpoint(h, { url: receiver.url });
    receiver.secrets.push(endpoint.secret);
    await addEvent(h);
    await runUntilIdle(h.deps, 'r1');
    const [delivery] = await h.deps.db.select().from(webhookDeliveries);
    // As if the runner wrote the attempt's batch and died before re-queuing the job.
    await h.deps.db.update(jobs).set({ status: 'running', leaseOwner: 'dead', leaseUntil: new Date(h.deps.now().getTime() - 1) });
    await runUntilIdle(h.deps, 'alive');
    expect(receiver.requests).toHaveLength(1);
    const [job] = await h.deps.db.select().from(jobs).where(eq(jobs.id, delivery!.id));
    expect(job).toMatchObject({ status: 'queued', runAt: delivery!.nextAttemptAt });
    h.clock.offsetMs += delivery!.nextAttemptAt!.getTime() - h.deps.now().getTime() + 1;
    await runUntilIdle(h.deps, 'alive');
    expect(receiver.requests).toHaveLength(2);
  });
});
