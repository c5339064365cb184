import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueJob } from '../../../functions/services/jobs/job-queue.js';
import { ADMIN_PASSWORD, createHarness, type Harness } from '../../helpers/harness.js';
import type { TestClient } from '../../helpers/test-client.js';
import { expectError, jsonOf, refusedFields } from './api-helpers.js';

/**
 * Organization A's administrator makes one of everything; organization B's administrator, who may
 * do anything inside B, must not be able to see or touch any of it: 404, as if it did not exist.
 */
let h: Harness;
let adminA: TestClient;
let adminB: TestClient;
const a = {} as { userId: string; groupId: string; profileId: string; siteId: string; tokenId: string; tokenSecret: string; jobId: string };
let bGroupId: string;
let bSiteId: string;

beforeAll(async () => {
  h = await createHarness();
  adminA = await h.admin();
  const orgB = await h.addOrganization('Beta Corp', 'admin-b@example.test');
  bSiteId = orgB.siteId;
  adminB = await h.signedIn('admin-b@example.test', ADMIN_PASSWORD);

  a.siteId = (await jsonOf(await adminA.json('POST', '/api/v1/sites', { name: 'Alpha Branch', timeZone: 'UTC' }), 201)).id;
  a.profileId = (await jsonOf(await adminA.json('POST', '/api/v1/profiles', { name: 'Alpha Profile', permissions: { system: ['view'] } }), 201)).id;
  a.groupId = (await jsonOf(await adminA.json('POST', '/api/v1/groups', { name: 'Alpha Group' }), 201)).id;
  a.userId = (
    await jsonOf(
      await adminA.json('POST', '/api/v1/users', {
        fullName: 'Alpha User', email: 'alpha-user@example.test', password: 'alpha-password-1', profileId: a.profileId, groupIds: [a.groupId],
        extensions: [{ siteId: a.siteId, number: '4001' }],
      }),
      201,
    )
  ).id;
  const token = await jsonOf(await adminA.json('POST', '/api/v1/tokens', { name: 'Alpha Token', kind: 'integration', profileId: a.profileId }), 201);
  a.tokenId = token.id;
  a.tokenSecret = token.secret;
  a.jobId = await enqueueJob(h.deps.db, h.org.orgId, { kind: 'pbx-sync', siteId: a.siteId, input: { trigger: 'manual' } }, h.deps.now());
  bGroupId = (await jsonOf(await adminB.json('POST', '/api/v1/groups', { name: 'Beta Group' }), 201)).id;
});
afterAll(() => h.close());

describe('organization B cannot reach organization A\'s rows by id (404)', () => {
  const cases: [string, () => string, Record<string, unknown>][] = [
    ['users', () => a.userId, { fullName: 'Hijacked' }],
    ['groups', () => a.groupId, { name: 'Hijacked' }],
    ['profiles', () => a.profileId, { name: 'Hijacked' }],
    ['sites', () => a.siteId, { name: 'Hijacked' }],
  ];

  for (const [resource, id, patch] of cases) {
    it(`GET /${resource}/:id`, async () => {
      await expectError(await adminB.get(`/api/v1/${resource}/${id()}`), 404, 'NOT_FOUND');
    });

    it(`PATCH /${resource}/:id, leaving the row unchanged`, async () => {
      await expectError(await adminB.json('PATCH', `/api/v1/${resource}/${id()}`, patch), 404, 'NOT_FOUND');
      const row = await jsonOf(await adminA.get(`/api/v1/${resource}/${id()}`));
      expect(JSON.stringify(row)).not.toContain('Hijacked');
    });

    it(`DELETE /${resource}/:id and POST /${resource}/delete, leaving the row in place`, async () => {
      await expectError(await adminB.json('DELETE', `/api/v1/${resource}/${id()}`), 404, 'NOT_FOUND');
      await expectError(await adminB.json('POST', `/api/v1/${resource}/delete`, { ids: [id()] }), 404, 'NOT_FOUND');
      expect((await adminA.get(`/api/v1/${resource}/${id()}`)).status).toBe(200);
    });
  }

  it('DELETE /tokens/:id and POST /tokens/revoke, leaving the token working', async () => {
    await expectError(await adminB.json('DELETE', `/api/v1/tokens/${a.tokenId}`), 404, 'NOT_FOUND');
    await expectError(await adminB.json('POST', '/api/v1/tokens/revoke', { ids: [a.tokenId] }), 404, 'NOT_FOUND');
    const token = h.client();
    token.bearer = a.tokenSecret;
    expect((await token.get('/api/v1/users')).status).toBe(200);
  });

  it('group member routes of A\'s group', async () => {
    await expectError(await adminB.json('POST', `/api/v1/groups/${a.groupId}/members`, { userIds: [a.userId] }), 404, 'NOT_FOUND');
    await expectError(await adminB.json('POST', `/api/v1/groups/${a.groupId}/members/delete`, { userIds: [a.userId] }), 404, 'NOT_FOUND');
    await expectError(await adminB.json('PATCH', `/api/v1/groups/${a.groupId}/members/${a.userId}`, { supervisor: true }), 404, 'NOT_FOUND');
    const group = await jsonOf(await adminA.get(`/api/v1/groups/${a.groupId}`));
    expect(group.members).toEqual([expect.objectContaining({ userId: a.userId, supervisor: false })]);
  });

  it('adding A\'s user to B\'s own group', async () => {
    await expectError(await adminB.json('POST', `/api/v1/groups/${bGroupId}/members`, { userIds: [a.userId] }), 404, 'NOT_FOUND');
    expect((await jsonOf(await adminB.get(`/api/v1/groups/${bGroupId}`))).members).toEqual([]);
  });

  it('jobs and synchronization of A\'s site', async () => {
    await expectError(await adminB.get(`/api/v1/jobs/${a.jobId}`), 404, 'NOT_FOUND');
    await expectError(await adminB.json('POST', `/api/v1/jobs/${a.jobId}/stop`, {}), 404, 'NOT_FOUND');
    await expectError(await adminB.json('POST', `/api/v1/sites/${a.siteId}/sync`, {}), 404, 'NOT_FOUND');
    await expectError(await adminB.json('POST', `/api/v1/sites/${a.siteId}/sync/test`, {}), 404, 'NOT_FOUND');
    expect((await jsonOf(await adminA.get(`/api/v1/jobs/${a.jobId}`))).status).toBe('queued');
  });

  it('a token of B reads nothing of A', async () => {
    const token = h.client();
    token.bearer = (await jsonOf(await adminB.json('POST', '/api/v1/tokens', { name: 'Beta Token', kind: 'integration' }), 201)).secret;
    await expectError(await token.get(`/api/v1/users/${a.userId}`), 403, 'FORBIDDEN'); // DEFAULT profile: no system.view
    const full = h.client();
    const profiles = await jsonOf(await adminB.get('/api/v1/profiles?q=Administrators'));
    full.bearer = (await jsonOf(await adminB.json('POST', '/api/v1/tokens', { name: 'Beta Full', kind: 'integration', profileId: profiles.items[0].id }), 201)).secret;
    await expectError(await full.get(`/api/v1/users/${a.userId}`), 404, 'NOT_FOUND');
    expect((await jsonOf(await full.get('/api/v1/users'))).items.map((u: any) => u.id)).not.toContain(a.userId);
  });
});

describe('organization B cannot reference A\'s rows', () => {
  it('a new user with A\'s profile, group, site or extension site is refused', async () => {
    const base = { fullName: 'Beta User', email: 'beta-user@example.test', password: 'beta-password-1' };
    expect(await refusedFields(await adminB.json('POST', '/api/v1/users', { ...base, profileId: a.profileId }))).toEqual(['profileId']);
    expect(await refusedFields(await adminB.json('POST', '/api/v1/users', { ...base, groupIds: [a.groupId] }))).toEqual(['groupIds']);
    expect(await refusedFields(await adminB.json('POST', '/api/v1/users', { ...base, siteIds: [a.siteId] }))).toEqual(['siteIds']);
    expect(await refusedFields(await adminB.json('POST', '/api/v1/users', { ...base, extensions: [{ siteId: a.siteId, number: '4001' }] }))).toEqual(['extensions']);
  });

  it('an A extension cannot be taken over through B', async () => {
    const id = (await jsonOf(await adminB.json('POST', '/api/v1/users', { fullName: 'Beta Two', email: 'beta-two@example.test', password: 'beta-password-1' }), 201)).id;
    expect(await refusedFields(await adminB.json('PATCH', `/api/v1/users/${id}`, { extensions: [{ siteId: a.siteId, number: '4001' }] }))).toEqual(['extensions']);
    const user = await jsonOf(await adminA.get(`/api/v1/users/${a.userId}`));
    expect(user.extensions).toEqual([{ siteId: a.siteId, number: '4001', source: 'manual' }]);
  });

  it('a token for A\'s site or with A\'s profile is refused', async () => {
    expect(await refusedFields(await adminB.json('POST', '/api/v1/tokens', { name: 'x', kind: 'node', siteId: a.siteId }))).toEqual(['siteId']);
    expect(await refusedFields(await adminB.json('POST', '/api/v1/tokens', { name: 'x', kind: 'integration', profileId: a.profileId }))).toEqual(['profileId']);
  });
});

describe('organization B\'s lists never show A\'s rows', () => {
  const lists: [string, () => string][] = [
    ['users', () => a.userId],
    ['groups', () => a.groupId],
    ['profiles', () => a.profileId],
    ['sites', () => a.siteId],
    ['tokens', () => a.tokenId],
  ];
  for (const [resource, id] of lists) {
    it(`GET /${resource}`, async () => {
      const ownRows = await jsonOf(await adminA.get(`/api/v1/${resource}?pageSize=200`));
      expect(ownRows.items.map((r: any) => r.id)).toContain(id());
      const body = await jsonOf(await adminB.get(`/api/v1/${resource}?pageSize=200`));
      expect(body.items.map((r: any) => r.id)).not.toContain(id());
      expect(JSON.stringify(body)).not.toContain('Alpha');
    });

    it(`GET /${resource}?format=csv`, async () => {
      const text = await (await adminB.get(`/api/v1/${resource}?format=csv`)).text();
      expect(text).not.toContain('Alpha');
      expect(text).not.toContain('admin@example.test');
    });
  }

  it('GET /audit', async () => {
    const body = await jsonOf(await adminB.get('/api/v1/audit?pageSize=200'));
    expect(body.items.length).toBeGreaterThan(0);
    expect(JSON.stringify(body)).not.toContain('Alpha');
    expect(body.items.map((r: any) => r.entityId)).not.toContain(a.userId);
  });

  it('GET /users?q= finds nothing of A', async () => {
    expect((await jsonOf(await adminB.get('/api/v1/users?q=alpha'))).total).toBe(0);
  });

  it('B\'s own rows are there', async () => {
    const sites = await jsonOf(await adminB.get('/api/v1/sites'));
    expect(sites.items.map((s: any) => s.id)).toEqual([bSiteId]);
  });
});
