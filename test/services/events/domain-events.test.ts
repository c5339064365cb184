import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainEvent, EventTooLargeError } from '../../../functions/services/events/domain-event.js';
import { updateSite } from '../../../functions/services/sites/site-service.js';
import { startSync } from '../../../functions/services/sync/start-sync.js';
import { events, users } from '../../../schema/index.js';
import { JOB_HANDLERS } from '../../../workers/jobs/index.js';
import { runDueJobs } from '../../../workers/jobs/runner.js';
import { createHarness, type Harness } from '../../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const eventsOfType = (type: string) => h.deps.db.select().from(events).where(eq(events.type, type)).orderBy(asc(events.createdAt));

describe('changes announce themselves in the outbox', () => {
  it('writes user.created, user.updated and user.deleted with the change', async () => {
    const admin = await h.admin();
    const created = await admin.json('POST', '/api/v1/users', { fullName: 'Carla Dias', email: 'carla@example.test', password: 'carla-password-1' });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const [made] = await eventsOfType('user.created');
    expect(made).toMatchObject({ orgId: h.org.orgId, siteId: null, dispatchedAt: null, payload: { userId: id, email: 'carla@example.test', fullName: 'Carla Dias', source: 'manual' } });

    expect((await admin.json('PATCH', `/api/v1/users/${id}`, { fullName: 'Carla D. Dias', password: 'another-password-1' })).status).toBe(200);
    const [updated] = await eventsOfType('user.updated');
    expect(updated?.payload).toMatchObject({ userId: id, fullName: 'Carla D. Dias' });
    expect(updated?.payload.changed).toEqual(['fullName']);

    expect((await admin.json('DELETE', `/api/v1/users/${id}`)).status).toBe(204);
    const [deleted] = await eventsOfType('user.deleted');
    expect(deleted?.payload).toEqual({ userId: id, email: 'carla@example.test', fullName: 'Carla D. Dias' });
  });

  it('writes nothing when the change is refused', async () => {
    const before = (await h.deps.db.select().from(events)).length;
    const admin = await h.admin();
    const res = await admin.json('POST', '/api/v1/users', { fullName: 'Dup', email: 'admin@example.test', password: 'dup-password-1' });
    expect(res.status).toBe(400);
    expect((await h.deps.db.select().from(events)).length).toBe(before);
  });

  it('announces users a PBX sync creates, and the sync itself once', async () => {
    const csv = 'number,name,email\n3001,Eva Rocha,eva@example.test\n3002,Front desk,\n';
    await updateSite(h.deps.db, h.scope(), h.org.siteId, { pbxConnection: { kind: 'csv' } }, h.deps.now());
    const jobId = await startSync(h.deps.db, h.scope(), h.org.siteId, csv, h.deps.now());
    await runDueJobs(h.deps, JOB_HANDLERS, { owner: 'test' });
    const [eva] = await h.deps.db.select().from(users).where(eq(users.email, 'eva@example.test'));
    const made = (await eventsOfType('user.created')).filter((e) => e.payload.source === 'sync');
    expect(made.map((e) => e.payload)).toEqual([{ userId: eva!.id, email: 'eva@example.test', fullName: 'Eva Rocha', source: 'sync', siteId: h.org.siteId, extension: '3001' }]);
    expect(made[0]?.siteId).toBe(h.org.siteId);
    const syncs = await eventsOfType('sync.completed');
    expect(syncs).toHaveLength(1);
    expect(syncs[0]?.payload).toMatchObject({ siteId: h.org.siteId, jobId, total: 2, created: 2, withoutEmail: 1, stopped: false });
  });

  it('refuses payloads that do not match the catalogue or exceed 20 KB', () => {
    const now = new Date();
    expect(() => domainEvent(h.deps.db, h.org.orgId, null, 'ping', { endpointId: 'e', message: 'x'.repeat(21 * 1024) }, now)).toThrow(EventTooLargeError);
    expect(() => domainEvent(h.deps.db, h.org.orgId, null, 'ping', { endpointId: 1 } as never, now)).toThrow();
  });
});
