import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, nodeHeartbeats } from '../../../schema/index.js';
import { type Harness, useHarness } from '../../helpers/harness.js';
import type { TestClient } from '../../helpers/test-client.js';
import { expectError, jsonOf, refusedFields, unique } from './api-helpers.js';

let h: Harness;
let admin: TestClient;
let profiles: Record<string, string>;

const HEARTBEAT = { version: '0.1.0', uptimeSeconds: 10, cpuPercent: 3.5, memoryUsedBytes: 100, memoryTotalBytes: 1000, diskUsedBytes: 5, diskTotalBytes: 50, activeCalls: 0 };

useHarness((ready) => ({ h, admin } = ready));
beforeAll(async () => {
  const list = await jsonOf(await admin.get('/api/v1/profiles'));
  profiles = Object.fromEntries(list.items.map((p: any) => [p.name, p.id]));
  profiles.viewer = (await jsonOf(await admin.json('POST', '/api/v1/profiles', { name: 'Viewer', permissions: { system: ['view'] } }), 201)).id;
});

async function newToken(input: Record<string, unknown>): Promise<{ id: string; secret: string }> {
  return jsonOf(await admin.json('POST', '/api/v1/tokens', { name: unique('token'), ...input }), 201);
}

function bearer(secret: string): TestClient {
  const c = h.client();
  c.bearer = secret;
  return c;
}

describe('creating and listing tokens', () => {
  it('answers 201 with the secret (rml_…) once; the list shows only its prefix', async () => {
    const name = unique('Integration');
    const created = await jsonOf(await admin.json('POST', '/api/v1/tokens', { name, kind: 'integration', profileId: profiles.Administrators }), 201);
    expect(created.secret).toMatch(/^rml_[A-Za-z0-9_-]{40,}$/);
    const listRes = await admin.get(`/api/v1/tokens?q=${name}`);
    const text = await listRes.clone().text();
    expect(text).not.toContain(created.secret);
    const list = await jsonOf(listRes);
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ id: created.id, name, kind: 'integration', prefix: created.secret.slice(0, 10), profileName: 'Administrators', siteName: null, revokedAt: null });
  });

  it('stores only a hash of the secret', async () => {
    const created = await newToken({ kind: 'integration' });
    const [row] = await h.deps.db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(JSON.stringify(row)).not.toContain(created.secret);
  });

  it('gives an integration token without profileId the DEFAULT profile', async () => {
    const created = await newToken({ kind: 'integration' });
    const list = await jsonOf(await admin.get('/api/v1/tokens?pageSize=200'));
    expect(list.items.find((t: any) => t.id === created.id).profileName).toBe('DEFAULT');
  });

  it('refuses a node token without a site, naming siteId', async () => {
    expect(await refusedFields(await admin.json('POST', '/api/v1/tokens', { name: 'n', kind: 'node' }))).toEqual(['siteId']);
  });

  it('refuses an unknown site, an unknown profile and an unknown kind', async () => {
    expect(await refusedFields(await admin.json('POST', '/api/v1/tokens', { name: 'n', kind: 'node', siteId: 'nope' }))).toEqual(['siteId']);
    expect(await refusedFields(await admin.json('POST', '/api/v1/tokens', { name: 'n', kind: 'integration', profileId: 'nope' }))).toEqual(['profileId']);
    expect(await refusedFields(await admin.json('POST', '/api/v1/tokens', { name: 'n', kind: 'root' }))).toEqual(['kind']);
  });
});

describe('one token by id', () => {
  it('shows a token without its secret, and renames it (leaving an audit entry)', async () => {
    const created = await newToken({ kind: 'integration' });
    const shown = await jsonOf(await admin.get(`/api/v1/tokens/${created.id}`));
    expect(shown).toMatchObject({ id: created.id, kind: 'integration', prefix: created.secret.slice(0, 10) });
    expect(JSON.stringify(shown)).not.toContain(created.secret);
    const renamed = await jsonOf(await admin.json('PATCH', `/api/v1/tokens/${created.id}`, { name: 'CRM (production)' }));
    expect(renamed.name).toBe('CRM (production)');
    const audit = await jsonOf(await admin.get(`/api/v1/audit?q=${encodeURIComponent('CRM (production)')}`));
    expect(audit.total).toBe(1);
    // The secret keeps working under the new name.
    expect((await bearer(created.secret).get('/api/v1/me')).status).toBe(403);
  });

  it('refuses an empty name and answers 404 for an unknown id', async () => {
    const created = await newToken({ kind: 'integration' });
    expect(await refusedFields(await admin.json('PATCH', `/api/v1/tokens/${created.id}`, { name: ' ' }))).toEqual(['name']);
    await expectError(await admin.get('/api/v1/tokens/nope'), 404, 'NOT_FOUND');
  });

  it('answers 404 to another organization, for reading and renaming alike', async () => {
    const created = await newToken({ kind: 'integration' });
    await h.addOrganization('Elsewhere', 'elsewhere-admin@example.test');
    const other = await h.signedIn('elsewhere-admin@example.test', 'admin-password-1');
    await expectError(await other.get(`/api/v1/tokens/${created.id}`), 404, 'NOT_FOUND');
    await expectError(await other.json('PATCH', `/api/v1/tokens/${created.id}`, { name: 'taken' }), 404, 'NOT_FOUND');
  });
});

describe('integration tokens', () => {
  it('reach /api/v1 with their profile\'s permissions', async () => {
    const full = bearer((await newToken({ kind: 'integration', profileId: profiles.Administrators })).secret);
    expect((await full.get('/api/v1/users')).status).toBe(200);
    const created = await full.json('POST', '/api/v1/groups', { name: 'Made by a token' });
    expect(created.status).toBe(201);
  });

  it('a profile without system.view gets 403 on GET /users', async () => {
    const token = bearer((await newToken({ kind: 'integration', profileId: profiles.DEFAULT })).secret);
    await expectError(await token.get('/api/v1/users'), 403, 'FORBIDDEN');
  });

  it('a profile with system.view only reads (200) but cannot create (403)', async () => {
    const token = bearer((await newToken({ kind: 'integration', profileId: profiles.viewer })).secret);
    expect((await token.get('/api/v1/users')).status).toBe(200);
    await expectError(await token.json('POST', '/api/v1/groups', { name: 'nope' }), 403, 'FORBIDDEN');
  });

  it('need no CSRF token and carry no session: /me is refused to a token (403)', async () => {
    const token = bearer((await newToken({ kind: 'integration', profileId: profiles.Administrators })).secret);
    await expectError(await token.get('/api/v1/me'), 403, 'FORBIDDEN');
  });

  it('write their name as the actor of the audit log', async () => {
    const name = unique('auditing');
    const token = bearer((await newToken({ name, kind: 'integration', profileId: profiles.Administrators })).secret);
    const group = await jsonOf(await token.json('POST', '/api/v1/groups', { name: unique('tokgroup') }), 201);
    const audit = await jsonOf(await admin.get(`/api/v1/audit?q=${group.name}`));
    expect(audit.items[0]).toMatchObject({ actorName: `token:${name}`, action: 'create', entityType: 'group', entityId: group.id });
  });

  it('record when they were last used', async () => {
    const created = await newToken({ kind: 'integration', profileId: profiles.viewer });
    await bearer(created.secret).get('/api/v1/users');
    const list = await jsonOf(await admin.get('/api/v1/tokens?pageSize=200'));
    expect(list.items.find((t: any) => t.id === created.id).lastUsedAt).not.toBeNull();
  });

  it('an unknown or malformed bearer token is refused (401), even on open routes', async () => {
    await expectError(await bearer('rml_not-a-real-token').get('/api/v1/users'), 401, 'UNAUTHENTICATED');
    const malformed = await h.app.request('http://ramal.test/api/v1/users', { headers: { authorization: 'Basic abc' } });
    await expectError(malformed, 401, 'UNAUTHENTICATED');
  });
});

describe('revoking tokens', () => {
  it('DELETE revokes (204): the token then gets 401 and the list shows when', async () => {
    const created = await newToken({ kind: 'integration', profileId: profiles.viewer });
    const token = bearer(created.secret);
    expect((await token.get('/api/v1/users')).status).toBe(200);
    expect((await admin.json('DELETE', `/api/v1/tokens/${created.id}`)).status).toBe(204);
    await expectError(await token.get('/api/v1/users'), 401, 'UNAUTHENTICATED');
    const list = await jsonOf(await admin.get('/api/v1/tokens?pageSize=200'));
    expect(list.items.find((t: any) => t.id === created.id).revokedAt).not.toBeNull();
  });

  it('POST /tokens/revoke revokes several at once', async () => {
    const a = await newToken({ kind: 'integration', profileId: profiles.viewer });
    const b = await newToken({ kind: 'node', siteId: h.org.siteId });
    expect((await admin.json('POST', '/api/v1/tokens/revoke', { ids: [a.id, b.id] })).status).toBe(204);
    expect((await bearer(a.secret).get('/api/v1/users')).status).toBe(401);
    expect((await bearer(b.secret).json('POST', '/api/v1/node/heartbeat', HEARTBEAT)).status).toBe(401);
  });

  it('an unknown id revokes nothing (404)', async () => {
    const a = await newToken({ kind: 'integration', profileId: profiles.viewer });
    await expectError(await admin.json('POST', '/api/v1/tokens/revoke', { ids: [a.id, 'nope'] }), 404, 'NOT_FOUND');
    expect((await bearer(a.secret).get('/api/v1/users')).status).toBe(200);
    await expectError(await admin.json('DELETE', '/api/v1/tokens/nope'), 404, 'NOT_FOUND');
  });
});

describe('node tokens', () => {
  let node: TestClient;
  beforeAll(async () => {
    node = bearer((await newToken({ kind: 'node', siteId: h.org.siteId })).secret);
  });

  it('are refused on the user API (403)', async () => {
    await expectError(await node.get('/api/v1/users'), 403, 'FORBIDDEN');
    await expectError(await node.get('/api/v1/me'), 403, 'FORBIDDEN');
  });

  it('POST /node/heartbeat with a valid body: 204, recorded for the token\'s site', async () => {
    expect((await node.json('POST', '/api/v1/node/heartbeat', { ...HEARTBEAT, activeCalls: 42 })).status).toBe(204);
    const rows = await h.deps.db.select().from(nodeHeartbeats).where(eq(nodeHeartbeats.siteId, h.org.siteId));
    expect(rows.some((r) => r.activeCalls === 42 && r.orgId === h.org.orgId)).toBe(true);
  });

  it('POST /node/heartbeat with a bad body: 400 naming the fields', async () => {
    const fields = await refusedFields(await node.json('POST', '/api/v1/node/heartbeat', { ...HEARTBEAT, cpuPercent: 150, version: undefined }));
    expect(fields.sort()).toEqual(['cpuPercent', 'version']);
  });

  it('an integration token gets 403 on /node/heartbeat', async () => {
    const integration = bearer((await newToken({ kind: 'integration', profileId: profiles.Administrators })).secret);
    await expectError(await integration.json('POST', '/api/v1/node/heartbeat', HEARTBEAT), 403, 'FORBIDDEN');
  });

  it('a signed-in administrator gets 401 on /node/heartbeat (it needs a node token)', async () => {
    await expectError(await admin.json('POST', '/api/v1/node/heartbeat', HEARTBEAT), 401, 'UNAUTHENTICATED');
  });

  it('show their site in the list and no profile', async () => {
    const created = await newToken({ kind: 'node', siteId: h.org.siteId, profileId: profiles.Administrators });
    const list = await jsonOf(await admin.get('/api/v1/tokens?pageSize=200'));
    expect(list.items.find((t: any) => t.id === created.id)).toMatchObject({ kind: 'node', siteName: 'Head office', profileName: null });
  });
});
