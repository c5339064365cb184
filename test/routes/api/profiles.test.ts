import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE_MATRIX } from '../../../functions/services/auth/permissions.js';
import { type Harness, useHarness } from '../../helpers/harness.js';
import type { TestClient } from '../../helpers/test-client.js';
import { expectError, jsonOf, refusedFields, unique } from './api-helpers.js';

let h: Harness;
let admin: TestClient;
let defaultProfile: any;

useHarness((ready) => ({ h, admin } = ready));
beforeAll(async () => {
  defaultProfile = (await jsonOf(await admin.get('/api/v1/profiles?q=DEFAULT'))).items.find((p: any) => p.isDefault);
});

async function newProfile(extra: Record<string, unknown> = {}): Promise<any> {
  return jsonOf(await admin.json('POST', '/api/v1/profiles', { name: unique('Profile'), permissions: { vrec: ['view'] }, ...extra }), 201);
}

describe('profile CRUD', () => {
  it('creates a profile (201) and echoes it', async () => {
    const body = await jsonOf(await admin.json('POST', '/api/v1/profiles', { name: 'Operators', description: 'Front desk', permissions: { vmailer: ['view', 'listen'] } }), 201);
    expect(body).toMatchObject({ name: 'Operators', description: 'Front desk', isDefault: false, permissions: { vmailer: ['view', 'listen'] } });
    expect(await jsonOf(await admin.get(`/api/v1/profiles/${body.id}`))).toEqual(body);
  });

  it('normalises the matrix: duplicates removed, actions in canonical order, empty modules dropped', async () => {
    const body = await newProfile({ permissions: { vrec: ['listen', 'view', 'listen', 'view'], guest: [], system: ['export', 'view'] } });
    expect(body.permissions).toEqual({ system: ['view', 'export'], vrec: ['view', 'listen'] });
  });

  it('refuses an unknown module in the matrix, naming permissions', async () => {
    const res = await admin.json('POST', '/api/v1/profiles', { name: 'Bad module', permissions: { telepathy: ['view'] } });
    expect((await refusedFields(res))[0]).toMatch(/^permissions/);
  });

  it('refuses an unknown action in the matrix, naming the module', async () => {
    const res = await admin.json('POST', '/api/v1/profiles', { name: 'Bad action', permissions: { system: ['view', 'fly'] } });
    expect((await refusedFields(res))[0]).toMatch(/^permissions\.system/);
  });

  it('refuses a missing matrix and a blank name', async () => {
    expect((await refusedFields(await admin.json('POST', '/api/v1/profiles', { name: ' ' }))).sort()).toEqual(['name', 'permissions']);
  });

  it('refuses a name already used, whatever its case, naming name', async () => {
    const p = await newProfile();
    expect(await refusedFields(await admin.json('POST', '/api/v1/profiles', { name: p.name.toUpperCase(), permissions: {} }))).toEqual(['name']);
  });

  it('changes the matrix and keeps name and description that were not sent', async () => {
    const p = await newProfile({ description: 'keep me' });
    const body = await jsonOf(await admin.json('PATCH', `/api/v1/profiles/${p.id}`, { permissions: { icontact: ['view', 'view'] } }));
    expect(body).toMatchObject({ name: p.name, description: 'keep me', permissions: { icontact: ['view'] } });
  });

  it('renames a profile and keeps its matrix', async () => {
    const p = await newProfile();
    const body = await jsonOf(await admin.json('PATCH', `/api/v1/profiles/${p.id}`, { name: 'Renamed profile' }));
    expect(body).toMatchObject({ name: 'Renamed profile', permissions: p.permissions });
  });

  it('refuses renaming onto another profile\'s name', async () => {
    const a = await newProfile();
    const b = await newProfile();
    expect(await refusedFields(await admin.json('PATCH', `/api/v1/profiles/${b.id}`, { name: a.name }))).toEqual(['name']);
  });

  it('a matrix change applies to the users of the profile at their next request', async () => {
    const p = await newProfile({ permissions: { system: ['view'] } });
    const email = `${unique('holder')}@example.test`;
    await h.addUser({ email, profileId: p.id });
    const session = await h.signedIn(email, 'user-password-1');
    expect((await session.get('/api/v1/groups')).status).toBe(200);
    await jsonOf(await admin.json('PATCH', `/api/v1/profiles/${p.id}`, { permissions: { vrec: ['view'] } }));
    expect((await session.get('/api/v1/groups')).status).toBe(403);
  });

  it('answers 404 for an unknown profile on GET, PATCH and DELETE', async () => {
    await expectError(await admin.get('/api/v1/profiles/nope'), 404, 'NOT_FOUND');
    await expectError(await admin.json('PATCH', '/api/v1/profiles/nope', { description: 'x' }), 404, 'NOT_FOUND');
    await expectError(await admin.json('DELETE', '/api/v1/profiles/nope'), 404, 'NOT_FOUND');
  });

  it('lists profiles sorted by name with how many users hold each', async () => {
    const tag = unique('counted').replace(/-/g, '');
    const p = await newProfile({ name: `B ${tag}` });
    await newProfile({ name: `a ${tag}` });
    await h.addUser({ email: `${unique('c1')}@example.test`, profileId: p.id });
    await h.addUser({ email: `${unique('c2')}@example.test`, profileId: p.id });
    const body = await jsonOf(await admin.get(`/api/v1/profiles?q=${tag}`));
    expect(body.items.map((r: any) => [r.name, r.users])).toEqual([[`a ${tag}`, 0], [`B ${tag}`, 2]]);
    const byUsers = await jsonOf(await admin.get(`/api/v1/profiles?q=${tag}&sort=-users`));
    expect(byUsers.items[0].name).toBe(`B ${tag}`);
  });
});

describe('deleting profiles', () => {
  it('deletes an unused profile (204, then 404)', async () => {
    const p = await newProfile();
    expect((await admin.json('DELETE', `/api/v1/profiles/${p.id}`)).status).toBe(204);
    await expectError(await admin.get(`/api/v1/profiles/${p.id}`), 404, 'NOT_FOUND');
  });

  it('deletes several unused profiles at once', async () => {
    const [a, b] = [await newProfile(), await newProfile()];
    expect((await admin.json('POST', '/api/v1/profiles/delete', { ids: [a.id, b.id] })).status).toBe(204);
    for (const p of [a, b]) expect((await admin.get(`/api/v1/profiles/${p.id}`)).status).toBe(404);
  });

  it('never deletes DEFAULT (409 PROTECTED), alone or in a bulk delete', async () => {
    await expectError(await admin.json('DELETE', `/api/v1/profiles/${defaultProfile.id}`), 409, 'PROTECTED');
    const other = await newProfile();
    await expectError(await admin.json('POST', '/api/v1/profiles/delete', { ids: [other.id, defaultProfile.id] }), 409, 'PROTECTED');
    expect((await admin.get(`/api/v1/profiles/${other.id}`)).status).toBe(200);
    expect((await jsonOf(await admin.get(`/api/v1/profiles/${defaultProfile.id}`))).isDefault).toBe(true);
  });

  it('DEFAULT keeps its name (400 naming name) but its matrix and description can change', async () => {
    expect(await refusedFields(await admin.json('PATCH', `/api/v1/profiles/${defaultProfile.id}`, { name: 'Everyone' }))).toEqual(['name']);
    const body = await jsonOf(await admin.json('PATCH', `/api/v1/profiles/${defaultProfile.id}`, { description: 'for all', permissions: DEFAULT_PROFILE_MATRIX }));
    expect(body).toMatchObject({ name: 'DEFAULT', description: 'for all', isDefault: true });
  });

  it('refuses deleting a profile given to a user (409) and keeps it', async () => {
    const p = await newProfile();
    await h.addUser({ email: `${unique('inuse')}@example.test`, profileId: p.id });
    await expectError(await admin.json('DELETE', `/api/v1/profiles/${p.id}`), 409, 'CONFLICT');
    expect((await admin.get(`/api/v1/profiles/${p.id}`)).status).toBe(200);
  });

  it('refuses deleting a profile given to an active API token (409), allows it once the token is revoked', async () => {
    const p = await newProfile();
    const token = await jsonOf(await admin.json('POST', '/api/v1/tokens', { name: 'uses profile', kind: 'integration', profileId: p.id }), 201);
    await expectError(await admin.json('DELETE', `/api/v1/profiles/${p.id}`), 409, 'CONFLICT');
    expect((await admin.json('DELETE', `/api/v1/tokens/${token.id}`)).status).toBe(204);
    expect((await admin.json('DELETE', `/api/v1/profiles/${p.id}`)).status).toBe(204);
  });
});
