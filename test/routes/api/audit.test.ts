import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Harness, useHarness } from '../../helpers/harness.js';
import type { TestClient } from '../../helpers/test-client.js';
import { expectError, FULL_MATRIX, jsonOf, unique, userWithMatrix } from './api-helpers.js';

let h: Harness;
let admin: TestClient;
let actor: Awaited<ReturnType<typeof userWithMatrix>>;
const ACTOR_NAME = 'Audrey Auditor';

interface AuditItem {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string | null;
  summary: string;
}

useHarness((ready) => ({ h, admin } = ready));
beforeAll(async () => {
  actor = await userWithMatrix(h, FULL_MATRIX, { name: ACTOR_NAME });
});

/** Every audit row the test actor left, newest first. */
async function actorRows(): Promise<AuditItem[]> {
  return (await jsonOf(await admin.get(`/api/v1/audit?q=${encodeURIComponent(ACTOR_NAME)}&pageSize=200`))).items;
}

/** Asserts exactly one row of the actor for that action on that entity, and returns it. */
async function expectRow(action: string, entityType: string, entityId: string): Promise<AuditItem> {
  const rows = (await actorRows()).filter((r) => r.action === action && r.entityType === entityType && r.entityId === entityId);
  expect(rows, `${action} ${entityType} ${entityId}`).toHaveLength(1);
  expect(rows[0]).toMatchObject({ actorId: actor.id, actorName: ACTOR_NAME });
  return rows[0]!;
}

const c = () => actor.client;

describe('every change leaves an audit row naming who, what and which', () => {
  it('users: create, update, delete', async () => {
    const email = `${unique('aud')}@example.test`;
    const user = await jsonOf(await c().json('POST', '/api/v1/users', { fullName: 'Audited User', email, password: 'a-good-password' }), 201);
    expect((await expectRow('create', 'user', user.id)).summary).toContain(email);
    await jsonOf(await c().json('PATCH', `/api/v1/users/${user.id}`, { fullName: 'Audited Renamed', password: 'changed-password-1' }));
    const update = await expectRow('update', 'user', user.id);
    expect(update.summary).toContain('fullName');
    expect(update.summary).not.toContain('changed-password-1');
    expect((await c().json('DELETE', `/api/v1/users/${user.id}`)).status).toBe(204);
    await expectRow('delete', 'user', user.id);
  });

  it('users: a bulk delete leaves one row per user', async () => {
    const ids = [await h.addUser({ email: `${unique('b1')}@example.test` }), await h.addUser({ email: `${unique('b2')}@example.test` })];
    expect((await c().json('POST', '/api/v1/users/delete', { ids })).status).toBe(204);
    for (const id of ids) await expectRow('delete', 'user', id);
  });

  it('groups: create, update, members added, member changed, members removed, delete', async () => {
    const group = await jsonOf(await c().json('POST', '/api/v1/groups', { name: unique('AudGroup') }), 201);
    await expectRow('create', 'group', group.id);
    await jsonOf(await c().json('PATCH', `/api/v1/groups/${group.id}`, { name: unique('AudGroup2') }));
    const u = await h.addUser({ email: `${unique('gm')}@example.test` });
    expect((await c().json('POST', `/api/v1/groups/${group.id}/members`, { userIds: [u] })).status).toBe(204);
    await expectRow('add-members', 'group', group.id);
    expect((await c().json('PATCH', `/api/v1/groups/${group.id}/members/${u}`, { supervisor: true })).status).toBe(204);
    const updates = (await actorRows()).filter((r) => r.action === 'update' && r.entityId === group.id);
    expect(updates).toHaveLength(2);
    expect((await c().json('POST', `/api/v1/groups/${group.id}/members/delete`, { userIds: [u] })).status).toBe(204);
    await expectRow('remove-members', 'group', group.id);
    expect((await c().json('DELETE', `/api/v1/groups/${group.id}`)).status).toBe(204);
    await expectRow('delete', 'group', group.id);
  });

  it('profiles: create, update, delete', async () => {
    const profile = await jsonOf(await c().json('POST', '/api/v1/profiles', { name: unique('AudProfile'), permissions: { vrec: ['view'] } }), 201);
    await expectRow('create', 'profile', profile.id);
    await jsonOf(await c().json('PATCH', `/api/v1/profiles/${profile.id}`, { permissions: { vrec: ['view', 'listen'] } }));
    expect((await expectRow('update', 'profile', profile.id)).summary).toContain('listen');
    expect((await c().json('DELETE', `/api/v1/profiles/${profile.id}`)).status).toBe(204);
    await expectRow('delete', 'profile', profile.id);
  });

  it('sites: create, update, delete; the PBX credential is not written in the log', async () => {
    const site = await jsonOf(await c().json('POST', '/api/v1/sites', { name: unique('AudSite'), timeZone: 'UTC' }), 201);
    await expectRow('create', 'site', site.id);
    await jsonOf(await c().json('PATCH', `/api/v1/sites/${site.id}`, {
      pbxConnection: { kind: 'http', url: 'https://pbx.test/x', authHeader: 'Authorization: Bearer audit-secret-99', mapping: {} },
    }));
    const update = await expectRow('update', 'site', site.id);
    expect(update.summary).toContain('pbxConnection');
    expect(JSON.stringify(await actorRows())).not.toContain('audit-secret-99');
    expect((await c().json('DELETE', `/api/v1/sites/${site.id}`)).status).toBe(204);
    await expectRow('delete', 'site', site.id);
  });

  it('tokens: create and revoke; the secret is not written in the log', async () => {
    const token = await jsonOf(await c().json('POST', '/api/v1/tokens', { name: unique('AudToken'), kind: 'integration' }), 201);
    await expectRow('create', 'token', token.id);
    expect((await c().json('DELETE', `/api/v1/tokens/${token.id}`)).status).toBe(204);
    await expectRow('revoke', 'token', token.id);
    expect(JSON.stringify(await actorRows())).not.toContain(token.secret);
  });

  it('own account: a password change is logged as such, without the password', async () => {
    const res = await c().json('PATCH', '/api/v1/me', { fullName: ACTOR_NAME, language: 'en', currentPassword: 'user-password-1', password: 'audrey-new-pass-1' });
    expect(res.status).toBe(204);
    const row = await expectRow('password', 'account', actor.id);
    expect(row.summary).not.toContain('audrey-new-pass-1');
  });

  it('a refused change leaves no row', async () => {
    const before = (await actorRows()).length;
    await c().json('POST', '/api/v1/users', { fullName: 'Nope', email: 'admin@example.test', password: 'a-good-password' });
    await c().json('DELETE', `/api/v1/users/${h.org.adminId}`);
    await c().json('POST', '/api/v1/groups/delete', { ids: ['no-such-group'] });
    expect((await actorRows()).length).toBe(before);
  });
});

describe('reading the audit log', () => {
  it('is newest first by default', async () => {
    const rows = (await jsonOf(await admin.get('/api/v1/audit?pageSize=200'))).items as AuditItem[];
    const times = rows.map((r) => Date.parse(r.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('is searchable with q (summary text)', async () => {
    const name = unique('Searchable Group Zeta').replace(/ /g, '');
    const group = await jsonOf(await admin.json('POST', '/api/v1/groups', { name }), 201);
    const body = await jsonOf(await admin.get(`/api/v1/audit?q=${name}`));
    expect(body.total).toBe(1);
    expect(body.items[0]).toMatchObject({ action: 'create', entityType: 'group', entityId: group.id, actorName: 'Administrator', actorId: h.org.adminId });
  });

  it('does not expose the organization id', async () => {
    const body = await jsonOf(await admin.get('/api/v1/audit?pageSize=1'));
    expect(body.items[0]).not.toHaveProperty('orgId');
  });

  it('exports as CSV with the searched rows', async () => {
    const name = unique('ExportedGroup').replace(/-/g, '');
    await jsonOf(await admin.json('POST', '/api/v1/groups', { name }), 201);
    const res = await admin.get(`/api/v1/audit?q=${name}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const records = parse(await res.text(), { bom: true }) as string[][];
    expect(records).toHaveLength(2);
    expect(records[1]!.join(' ')).toContain(name);
    expect(records[1]!.join(' ')).toContain('Administrator');
  });

  it('exports as PDF', async () => {
    const res = await admin.get('/api/v1/audit?format=pdf');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
  });

  it('needs system.view (403 without it) and system.export to export', async () => {
    const noView = await userWithMatrix(h, { vrec: ['view'] });
    await expectError(await noView.client.get('/api/v1/audit'), 403, 'FORBIDDEN');
    const viewer = await userWithMatrix(h, { system: ['view'] });
    expect((await viewer.client.get('/api/v1/audit')).status).toBe(200);
    await expectError(await viewer.client.get('/api/v1/audit?format=csv'), 403, 'FORBIDDEN');
  });

  it('refuses an unknown sort key', async () => {
    await expectError(await admin.get('/api/v1/audit?sort=summary'), 400, 'VALIDATION');
  });
});
