import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { webhookEndpoints } from '../../../schema/index.js';
import { createProfile } from '../../../functions/services/profiles/profile-write.js';
import { createHarness, type Harness, useHarness } from '../../helpers/harness.js';
import type { TestClient } from '../../helpers/test-client.js';
import { expectError, FULL_MATRIX, jsonOf, matrixWithout, refusedFields, unique, USER_PASSWORD, userWithMatrix } from './api-helpers.js';

let h: Harness;
let admin: TestClient;

useHarness((ready) => ({ h, admin } = ready));

const create = (body: Record<string, unknown>, client = admin) => client.json('POST', '/api/v1/webhooks', { url: `https://crm.example.com/${unique('in')}`, ...body });

describe('creating endpoints', () => {
  it('answers 201 with a whsec_ secret of 32 bytes that GET and the list never show again', async () => {
    const created = await jsonOf(await create({ description: 'CRM', events: ['user.created'] }), 201);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(atob(created.secret.slice(6))).toHaveLength(32);
    expect(created).toMatchObject({ description: 'CRM', events: ['user.created'], sites: [], active: true, status: 'active' });
    const shown = await (await admin.get(`/api/v1/webhooks/${created.id}`)).text();
    expect(shown).not.toContain(created.secret);
    expect(JSON.parse(shown).id).toBe(created.id);
    const list = await (await admin.get('/api/v1/webhooks?pageSize=200')).text();
    expect(list).toContain(created.id);
    expect(list).not.toContain(created.secret);
    expect(list).not.toContain('whsec_');
  });

  it('leaves an audit entry', async () => {
    const url = `https://audit.example.com/${unique('hook')}`;
    await jsonOf(await create({ url }), 201);
    const audit = await jsonOf(await admin.get(`/api/v1/audit?q=${encodeURIComponent(url)}`));
    expect(audit.total).toBe(1);
  });

  it('refuses a URL that is not http(s), naming url', async () => {
    expect(await refusedFields(await create({ url: 'ftp://crm.example.com/' }))).toEqual(['url']);
    expect(await refusedFields(await create({ url: 'https://user:pw@crm.example.com/' }))).toEqual(['url']);
  });

  it('refuses private and loopback targets with a reason that names the setting', async () => {
    for (const url of ['http://127.0.0.1:8080/', 'http://[::1]/', 'http://10.0.0.7/', 'http://localhost/', 'http://2130706433/']) {
      const body = await expectError(await create({ url }), 400, 'VALIDATION');
      expect(body.error.fields?.map((f) => f.field), url).toEqual(['url']);
      expect(body.error.fields?.[0]?.message).toContain('RAMAL_WEBHOOK_ALLOW_PRIVATE');
    }
  });

  it('refuses an unknown event type and ping, naming the events entry', async () => {
    expect(await refusedFields(await create({ events: ['user.created', 'no.such_type'] }))).toEqual(['events.1']);
    expect(await refusedFields(await create({ events: ['ping'] }))).toEqual(['events.0']);
  });

  it('refuses a site of another organization, naming sites', async () => {
    const other = await h.addOrganization(unique('Other'), `${unique('o')}@example.test`);
    expect(await refusedFields(await create({ sites: [other.siteId] }))).toEqual(['sites']);
    expect(await refusedFields(await create({ sites: ['no-such-site'] }))).toEqual(['sites']);
  });

  it('stores the sites it was given', async () => {
    const created = await jsonOf(await create({ sites: [h.org.siteId] }), 201);
    expect(created.sites).toEqual([h.org.siteId]);
    expect(created.siteNames).toEqual(['Head office']);
  });
});

describe('allowing private targets', () => {
  it('accepts loopback URLs when RAMAL_WEBHOOK_ALLOW_PRIVATE=true', async () => {
    const open = await createHarness({ RAMAL_WEBHOOK_ALLOW_PRIVATE: 'true' });
    try {
      const client = await open.admin();
      const created = await jsonOf(await client.json('POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:9000/in' }), 201);
      expect(created.url).toBe('http://127.0.0.1:9000/in');
      // Credentials stay refused.
      expect(await refusedFields(await client.json('POST', '/api/v1/webhooks', { url: 'http://a:b@127.0.0.1/' }))).toEqual(['url']);
    } finally {
      open.close();
    }
  });
});

describe('changing endpoints', () => {
  it('changes url, description, events and sites', async () => {
    const created = await jsonOf(await create({}), 201);
    const changed = await jsonOf(await admin.json('PATCH', `/api/v1/webhooks/${created.id}`, { url: 'https://new.example.com/in', description: 'New', events: ['sync.completed'], sites: [h.org.siteId] }));
    expect(changed).toMatchObject({ url: 'https://new.example.com/in', description: 'New', events: ['sync.completed'], sites: [h.org.siteId] });
  });

  it('refuses a private URL on change too', async () => {
    const created = await jsonOf(await create({}), 201);
    expect(await refusedFields(await admin.json('PATCH', `/api/v1/webhooks/${created.id}`, { url: 'http://192.168.1.20/' }))).toEqual(['url']);
  });

  it('re-enabling clears what the system recorded when it disabled the endpoint', async () => {
    const created = await jsonOf(await create({}), 201);
    const at = new Date();
    await h.deps.db.update(webhookEndpoints).set({ active: false, disabledReason: '410 Gone', disabledAt: at, failingSince: at }).where(eq(webhookEndpoints.id, created.id));
    const disabled = await jsonOf(await admin.get(`/api/v1/webhooks/${created.id}`));
    expect(disabled).toMatchObject({ status: 'disabledBySystem', disabledReason: '410 Gone' });
    const enabled = await jsonOf(await admin.json('PATCH', `/api/v1/webhooks/${created.id}`, { active: true }));
    expect(enabled).toMatchObject({ active: true, status: 'active', disabledReason: null, disabledAt: null, failingSince: null });
  });

  it('a person disabling it leaves no reason', async () => {
    const created = await jsonOf(await create({}), 201);
    const off = await jsonOf(await admin.json('PATCH', `/api/v1/webhooks/${created.id}`, { active: false }));
    expect(off).toMatchObject({ active: false, status: 'disabled', disabledReason: null });
  });
});

describe('rotating the secret', () => {
  it('returns a new secret once and keeps the old one until the overlap ends', async () => {
    const created = await jsonOf(await create({}), 201);
    const before = Date.now();
    const rotated = await jsonOf(await admin.json('POST', `/api/v1/webhooks/${created.id}/rotate-secret`, { overlapHours: 2 }));
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    const [row] = await h.deps.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, created.id));
    expect(row?.secret).toBe(rotated.secret);
    expect(row?.previousSecret).toBe(created.secret);
    const until = row!.previousSecretUntil!.getTime();
    expect(until).toBeGreaterThanOrEqual(before + 2 * 3_600_000);
    expect(until).toBeLessThan(Date.now() + 2 * 3_600_000 + 1000);
    expect(new Date(rotated.previousSecretUntil).getTime()).toBe(until);
    expect(await (await admin.get(`/api/v1/webhooks/${created.id}`)).text()).not.toContain(rotated.secret);
  });

  it('defaults to 24 hours of overlap, and 0 drops the old secret at once', async () => {
    const created = await jsonOf(await create({}), 201);
    const day = await jsonOf(await admin.json('POST', `/api/v1/webhooks/${created.id}/rotate-secret`, {}));
    expect(new Date(day.previousSecretUntil).getTime()).toBeGreaterThan(Date.now() + 23.9 * 3_600_000);
    const none = await jsonOf(await admin.json('POST', `/api/v1/webhooks/${created.id}/rotate-secret`, { overlapHours: 0 }));
    expect(none.previousSecretUntil).toBeNull();
    const [row] = await h.deps.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, created.id));
    expect(row?.previousSecret).toBeNull();
  });

  it('refuses an overlap beyond a week, naming overlapHours', async () => {
    const created = await jsonOf(await create({}), 201);
    expect(await refusedFields(await admin.json('POST', `/api/v1/webhooks/${created.id}/rotate-secret`, { overlapHours: 169 }))).toEqual(['overlapHours']);
  });
});

describe('who may manage endpoints', () => {
  it('answers 404 for an endpoint of another organization, on every route', async () => {
    const other = await h.addOrganization(unique('Foreign'), `${unique('f')}@example.test`);
    const foreignAdmin = await h.signedIn(other.adminEmail, 'admin-password-1');
    const theirs = await jsonOf(await create({}, foreignAdmin), 201);
    await expectError(await admin.get(`/api/v1/webhooks/${theirs.id}`), 404, 'NOT_FOUND');
    await expectError(await admin.json('PATCH', `/api/v1/webhooks/${theirs.id}`, { description: 'x' }), 404);
    await expectError(await admin.json('DELETE', `/api/v1/webhooks/${theirs.id}`, {}), 404);
    await expectError(await admin.json('POST', `/api/v1/webhooks/${theirs.id}/rotate-secret`, {}), 404);
    await expectError(await admin.json('POST', `/api/v1/webhooks/${theirs.id}/test`, {}), 404);
    await expectError(await admin.get(`/api/v1/webhooks/${theirs.id}/deliveries`), 404);
    const list = await jsonOf(await admin.get('/api/v1/webhooks?pageSize=200'));
    expect(list.items.map((e: any) => e.id)).not.toContain(theirs.id);
  });

  it('answers 403 to a user without system.configure', async () => {
    const { client } = await userWithMatrix(h, matrixWithout('system', 'configure'));
    await expectError(await client.get('/api/v1/webhooks'), 403, 'FORBIDDEN');
    await expectError(await create({}, client), 403, 'FORBIDDEN');
  });

  it('a site-limited administrator must name sites, only theirs, and sees only endpoints within them', async () => {
    const siteB = await jsonOf(await admin.json('POST', '/api/v1/sites', { name: unique('Branch'), timeZone: 'UTC' }), 201);
    const profileId = await createProfile(h.deps.db, h.scope(), { name: unique('Full'), description: '', permissions: FULL_MATRIX }, h.deps.now());
    const email = `${unique('limited')}@example.test`;
    await h.addUser({ email, profileId, siteIds: [siteB.id] });
    const limited = await h.signedIn(email, USER_PASSWORD);
    expect(await refusedFields(await create({}, limited))).toEqual(['sites']);
    expect(await refusedFields(await create({ sites: [h.org.siteId] }, limited))).toEqual(['sites']);
    const mine = await jsonOf(await create({ sites: [siteB.id] }, limited), 201);
    const allSites = await jsonOf(await create({}), 201);
    const both = await jsonOf(await create({ sites: [siteB.id, h.org.siteId] }), 201);
    const seen = (await jsonOf(await limited.get('/api/v1/webhooks?pageSize=200'))).items.map((e: any) => e.id);
    expect(seen).toContain(mine.id);
    expect(seen).not.toContain(allSites.id);
    expect(seen).not.toContain(both.id);
    await expectError(await limited.get(`/api/v1/webhooks/${allSites.id}`), 404);
    expect(await refusedFields(await limited.json('PATCH', `/api/v1/webhooks/${mine.id}`, { sites: [] }))).toEqual(['sites']);
  });
});
