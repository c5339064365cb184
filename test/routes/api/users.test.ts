import { userSearchText } from '../../../functions/services/users/search-text.js';
import { parse } from 'csv-parse/sync';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { extensions, permissionProfiles, users } from '../../../schema/index.js';
import { translator, type MessageKey } from '../../../functions/i18n/index.js';
import { ADMIN_PASSWORD, type Harness, useHarness } from '../../helpers/harness.js';
import type { TestClient } from '../../helpers/test-client.js';
import { bytesOf, expectError, FULL_MATRIX, jsonOf, refusedFields, unique, USER_PASSWORD, userWithMatrix } from './api-helpers.js';

let h: Harness;
let admin: TestClient;
let secondSiteId: string;
let defaultProfileId: string;

useHarness((ready) => ({ h, admin } = ready));
beforeAll(async () => {
  secondSiteId = (await jsonOf(await admin.json('POST', '/api/v1/sites', { name: 'Branch', timeZone: 'Europe/Lisbon' }), 201)).id;
  const [row] = await h.deps.db.select({ id: permissionProfiles.id }).from(permissionProfiles).where(and(eq(permissionProfiles.orgId, h.org.orgId), eq(permissionProfiles.isDefault, true)));
  defaultProfileId = row!.id;
});

/** Creates a user through the API and returns its answer. */
async function create(extra: Record<string, unknown> = {}): Promise<any> {
  const email = `${unique('u')}@example.test`;
  return jsonOf(await admin.json('POST', '/api/v1/users', { fullName: 'Some One', email, password: 'a-good-password', ...extra }), 201);
}

/** No answer ever carries a password or its hash, whatever its nesting. */
function expectNoSecrets(body: unknown, plain: string): void {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/password/i);
  expect(text).not.toContain('scrypt$');
  expect(text).not.toContain(plain);
}

describe('POST /api/v1/users', () => {
  it('creates a user (201) and echoes its fields, with DEFAULT as the profile when none is given', async () => {
    const email = `${unique('ana')}@example.test`;
    const res = await admin.json('POST', '/api/v1/users', { fullName: 'Ana Lima', email, password: 'ana-password-1', language: 'es', alternateEmail: 'ana@home.test' });
    const body = await jsonOf(res, 201);
    expect(body).toMatchObject({ fullName: 'Ana Lima', email, language: 'es', alternateEmail: 'ana@home.test', isOwner: false, source: 'manual', siteIds: null, groups: [], extensions: [] });
    expect(body.profile).toEqual({ id: defaultProfileId, name: 'DEFAULT' });
    expect((await jsonOf(await admin.get(`/api/v1/users/${body.id}`))).email).toBe(email);
  });

  it('never shows the password or its hash in create, read, list or update answers', async () => {
    const plain = 'very-secret-pass-1';
    const created = await create({ password: plain, fullName: 'Hidden Secret' });
    expectNoSecrets(created, plain);
    expectNoSecrets(await jsonOf(await admin.get(`/api/v1/users/${created.id}`)), plain);
    expectNoSecrets(await jsonOf(await admin.get('/api/v1/users?q=Hidden')), plain);
    expectNoSecrets(await jsonOf(await admin.json('PATCH', `/api/v1/users/${created.id}`, { password: 'another-secret-2' })), 'another-secret-2');
  });

  it('stores the e-mail trimmed and lower-cased, and the user signs in with it', async () => {
    const local = unique('MiXeD');
    const body = await jsonOf(await admin.json('POST', '/api/v1/users', { fullName: 'Case', email: `  ${local}@Example.TEST `, password: 'case-password-1' }), 201);
    expect(body.email).toBe(`${local.toLowerCase()}@example.test`);
    await h.signedIn(`${local.toLowerCase()}@example.test`, 'case-password-1');
  });

  it('refuses an e-mail already taken, whatever its case, naming email', async () => {
    const first = await create();
    const res = await admin.json('POST', '/api/v1/users', { fullName: 'Twin', email: first.email.toUpperCase(), password: 'a-good-password' });
    const body = await expectError(res, 400, 'VALIDATION');
    expect(body.error.fields?.[0]?.field).toBe('email');
  });

  it('refuses a mismatched e-mail confirmation, naming emailConfirmation', async () => {
    const res = await admin.json('POST', '/api/v1/users', { fullName: 'X', email: 'conf1@example.test', emailConfirmation: 'other@example.test', password: 'a-good-password' });
    expect(await refusedFields(res)).toEqual(['emailConfirmation']);
  });

  it('accepts an e-mail confirmation that differs only in case and spaces', async () => {
    const email = `${unique('conf')}@example.test`;
    await jsonOf(await admin.json('POST', '/api/v1/users', { fullName: 'X', email, emailConfirmation: ` ${email.toUpperCase()}`, password: 'a-good-password' }), 201);
  });

  it('refuses a mismatched password confirmation, naming passwordConfirmation', async () => {
    const res = await admin.json('POST', '/api/v1/users', { fullName: 'X', email: 'conf2@example.test', password: 'a-good-password', passwordConfirmation: 'a-good-passwore' });
    expect(await refusedFields(res)).toEqual(['passwordConfirmation']);
  });

  it('refuses a password shorter than 8 characters, naming password', async () => {
    const res = await admin.json('POST', '/api/v1/users', { fullName: 'X', email: 'weak@example.test', password: 'short' });
    expect(await refusedFields(res)).toEqual(['password']);
  });

  it('refuses a malformed e-mail and a blank name', async () => {
    const res = await admin.json('POST', '/api/v1/users', { fullName: '  ', email: 'not-an-email', password: 'a-good-password' });
    expect((await refusedFields(res)).sort()).toEqual(['email', 'fullName']);
  });

  it('refuses an unknown profile, naming profileId', async () => {
    const res = await admin.json('POST', '/api/v1/users', { fullName: 'X', email: 'p@example.test', password: 'a-good-password', profileId: 'no-such-profile' });
    expect(await refusedFields(res)).toEqual(['profileId']);
  });

  it('refuses an unknown group, naming groupIds', async () => {
    const res = await admin.json('POST', '/api/v1/users', { fullName: 'X', email: 'g@example.test', password: 'a-good-password', groupIds: ['no-such-group'] });
    expect(await refusedFields(res)).toEqual(['groupIds']);
  });

  it('refuses an unknown site in siteIds and in extensions', async () => {
    const sites = await admin.json('POST', '/api/v1/users', { fullName: 'X', email: 's@example.test', password: 'a-good-password', siteIds: ['no-such-site'] });
    expect(await refusedFields(sites)).toEqual(['siteIds']);
    const ext = await admin.json('POST', '/api/v1/users', { fullName: 'X', email: 's@example.test', password: 'a-good-password', extensions: [{ siteId: 'no-such-site', number: '200' }] });
    expect(await refusedFields(ext)).toEqual(['extensions']);
  });

  it('creates nothing when refused', async () => {
    await admin.json('POST', '/api/v1/users', { fullName: 'Ghost', email: 'ghost-user@example.test', password: 'a-good-password', groupIds: ['nope'] });
    const [row] = await h.deps.db.select().from(users).where(eq(users.email, 'ghost-user@example.test'));
    expect(row).toBeUndefined();
  });

  it('links groups and sites given on create', async () => {
    const group = await jsonOf(await admin.json('POST', '/api/v1/groups', { name: unique('Sales') }), 201);
    const body = await create({ groupIds: [group.id], siteIds: [secondSiteId] });
    expect(body.groups).toEqual([{ id: group.id, name: group.name, supervisor: false }]);
    expect(body.siteIds).toEqual([secondSiteId]);
  });
});

describe('GET /api/v1/users', () => {
  const tag = unique('listtag').replace(/-/g, '');
  let ids: Record<string, string> = {};

  beforeAll(async () => {
    const group = await jsonOf(await admin.json('POST', '/api/v1/groups', { name: `Group ${tag}` }), 201);
    for (const [name, letter] of [['Carla', 'c'], ['alberto', 'a'], ['Bruno', 'b']] as const) {
      const body = await jsonOf(
        await admin.json('POST', '/api/v1/users', { fullName: `${name} ${tag}`, email: `${letter}-${tag}@example.test`, password: 'a-good-password', groupIds: name === 'Bruno' ? [group.id] : [] }),
        201,
      );
      ids[name] = body.id;
    }
  });

  it('searches by name, case-insensitively', async () => {
    const body = await jsonOf(await admin.get(`/api/v1/users?q=${tag.toUpperCase()}`));
    expect(body.total).toBe(3);
    expect(body.items.map((u: any) => u.id).sort()).toEqual(Object.values(ids).sort());
  });

  it('searches by group name and requires every word to match', async () => {
    const body = await jsonOf(await admin.get(`/api/v1/users?q=${encodeURIComponent(`group ${tag}`)}`));
    expect(body.items.map((u: any) => u.id)).toEqual([ids.Bruno]);
    expect(body.items[0].groups).toEqual([`Group ${tag}`]);
  });

  it('sorts by name ascending by default, ignoring case', async () => {
    const body = await jsonOf(await admin.get(`/api/v1/users?q=${tag}`));
    expect(body.items.map((u: any) => u.fullName)).toEqual([`alberto ${tag}`, `Bruno ${tag}`, `Carla ${tag}`]);
  });

  it('sorts descending with a "-" prefix', async () => {
    const body = await jsonOf(await admin.get(`/api/v1/users?q=${tag}&sort=-fullName`));
    expect(body.items.map((u: any) => u.fullName)).toEqual([`Carla ${tag}`, `Bruno ${tag}`, `alberto ${tag}`]);
  });

  it('sorts by another column (email)', async () => {
    const body = await jsonOf(await admin.get(`/api/v1/users?q=${tag}&sort=email`));
    expect(body.items.map((u: any) => u.email)).toEqual([`a-${tag}@example.test`, `b-${tag}@example.test`, `c-${tag}@example.test`]);
  });

  it('pages with page and pageSize and reports the total', async () => {
    const second = await jsonOf(await admin.get(`/api/v1/users?q=${tag}&pageSize=2&page=2`));
    expect(second).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(second.items.map((u: any) => u.fullName)).toEqual([`Carla ${tag}`]);
    const beyond = await jsonOf(await admin.get(`/api/v1/users?q=${tag}&pageSize=2&page=3`));
    expect(beyond.items).toEqual([]);
    expect(beyond.total).toBe(3);
  });

  it('refuses an unknown sort key, naming sort', async () => {
    expect(await refusedFields(await admin.get('/api/v1/users?sort=password'))).toEqual(['sort']);
  });

  it('refuses sorting by a column that cannot be sorted, naming sort', async () => {
    expect(await refusedFields(await admin.get('/api/v1/users?sort=groups'))).toEqual(['sort']);
  });

  it('refuses pageSize=1000, naming pageSize', async () => {
    expect(await refusedFields(await admin.get('/api/v1/users?pageSize=1000'))).toEqual(['pageSize']);
  });

  it('refuses page=0 and an unknown format', async () => {
    expect(await refusedFields(await admin.get('/api/v1/users?page=0'))).toEqual(['page']);
    expect(await refusedFields(await admin.get('/api/v1/users?format=xlsx'))).toEqual(['format']);
  });

  it('takes search words with LIKE wildcards literally', async () => {
    const body = await jsonOf(await admin.get('/api/v1/users?q=%25'));
    expect(body.total).toBe(0);
  });
});

describe('PATCH /api/v1/users/:id', () => {
  it('changes the name and keeps what was not sent', async () => {
    const user = await create({ language: 'en' });
    const body = await jsonOf(await admin.json('PATCH', `/api/v1/users/${user.id}`, { fullName: 'Renamed Person' }));
    expect(body).toMatchObject({ fullName: 'Renamed Person', email: user.email, language: 'en', profile: user.profile });
  });

  it('replaces the groups', async () => {
    const g1 = await jsonOf(await admin.json('POST', '/api/v1/groups', { name: unique('G1') }), 201);
    const g2 = await jsonOf(await admin.json('POST', '/api/v1/groups', { name: unique('G2') }), 201);
    const user = await create({ groupIds: [g1.id] });
    const body = await jsonOf(await admin.json('PATCH', `/api/v1/users/${user.id}`, { groupIds: [g2.id] }));
    expect(body.groups.map((g: any) => g.id)).toEqual([g2.id]);
  });

  it('links one extension per site', async () => {
    const user = await create();
    const body = await jsonOf(await admin.json('PATCH', `/api/v1/users/${user.id}`, { extensions: [{ siteId: h.org.siteId, number: '2001' }, { siteId: secondSiteId, number: '2001' }] }));
    expect(body.extensions.map((e: any) => `${e.siteId}:${e.number}:${e.source}`).sort()).toEqual([`${h.org.siteId}:2001:manual`, `${secondSiteId}:2001:manual`].sort());
    const list = await jsonOf(await admin.get(`/api/v1/users?q=2001`));
    expect(list.items.map((u: any) => u.id)).toEqual([user.id]);
  });

  it('replaces the extensions and frees the dropped number', async () => {
    const user = await create({ extensions: [{ siteId: h.org.siteId, number: '2101' }] });
    await jsonOf(await admin.json('PATCH', `/api/v1/users/${user.id}`, { extensions: [{ siteId: h.org.siteId, number: '2102' }] }));
    const other = await create({ extensions: [{ siteId: h.org.siteId, number: '2101' }] });
    expect(other.extensions).toEqual([{ siteId: h.org.siteId, number: '2101', source: 'manual' }]);
  });

  it('an empty extension list unlinks them all', async () => {
    const user = await create({ extensions: [{ siteId: h.org.siteId, number: '2111' }, { siteId: secondSiteId, number: '2111' }] });
    const body = await jsonOf(await admin.json('PATCH', `/api/v1/users/${user.id}`, { extensions: [] }));
    expect(body.extensions).toEqual([]);
  });

  it('a dropped extension that came from the PBX is unlinked, not deleted', async () => {
    const user = await create();
    const now = h.deps.now();
    await h.deps.db.insert(extensions).values({ id: 'synced-2121', orgId: h.org.orgId, siteId: h.org.siteId, number: '2121', userId: user.id, source: 'sync', createdAt: now, updatedAt: now });
    await jsonOf(await admin.json('PATCH', `/api/v1/users/${user.id}`, { extensions: [] }));
    const [row] = await h.deps.db.select().from(extensions).where(eq(extensions.id, 'synced-2121'));
    expect(row).toMatchObject({ number: '2121', userId: null, source: 'sync' });
  });

  it('refuses a second extension on the same site, naming extensions', async () => {
    const user = await create();
    const res = await admin.json('PATCH', `/api/v1/users/${user.id}`, { extensions: [{ siteId: h.org.siteId, number: '2201' }, { siteId: h.org.siteId, number: '2202' }] });
    expect(await refusedFields(res)).toEqual(['extensions']);
    expect((await jsonOf(await admin.get(`/api/v1/users/${user.id}`))).extensions).toEqual([]);
  });

  it('refuses an extension linked to another user, who keeps it', async () => {
    const owner = await create({ extensions: [{ siteId: h.org.siteId, number: '2301' }] });
    const thief = await create();
    const res = await admin.json('PATCH', `/api/v1/users/${thief.id}`, { extensions: [{ siteId: h.org.siteId, number: '2301' }] });
    expect(await refusedFields(res)).toEqual(['extensions']);
    expect((await jsonOf(await admin.get(`/api/v1/users/${owner.id}`))).extensions).toEqual([{ siteId: h.org.siteId, number: '2301', source: 'manual' }]);
  });

  it('refuses an e-mail taken by someone else but accepts the user\'s own', async () => {
    const a = await create();
    const b = await create();
    expect(await refusedFields(await admin.json('PATCH', `/api/v1/users/${b.id}`, { email: a.email }))).toEqual(['email']);
    await jsonOf(await admin.json('PATCH', `/api/v1/users/${b.id}`, { email: b.email.toUpperCase() }));
  });

  it('refuses a mismatched confirmation on change', async () => {
    const user = await create();
    expect(await refusedFields(await admin.json('PATCH', `/api/v1/users/${user.id}`, { password: 'new-password-1', passwordConfirmation: 'new-password-2' }))).toEqual(['passwordConfirmation']);
    expect(await refusedFields(await admin.json('PATCH', `/api/v1/users/${user.id}`, { email: 'x1@example.test', emailConfirmation: 'x2@example.test' }))).toEqual(['emailConfirmation']);
  });

  it('answers 404 for an unknown user', async () => {
    await expectError(await admin.json('PATCH', '/api/v1/users/no-such-user', { fullName: 'X' }), 404, 'NOT_FOUND');
  });

  it('a new password signs that user out everywhere and the new password works', async () => {
    const email = `${unique('pw')}@example.test`;
    const id = await h.addUser({ email });
    const session = await h.signedIn(email, USER_PASSWORD);
    expect((await session.get('/api/v1/me')).status).toBe(200);
    await jsonOf(await admin.json('PATCH', `/api/v1/users/${id}`, { password: 'brand-new-pass-1' }));
    expect((await session.get('/api/v1/me')).status).toBe(401);
    await h.signedIn(email, 'brand-new-pass-1');
    expect((await h.client().json('POST', '/api/v1/session', { email, password: USER_PASSWORD })).status).toBe(401);
  });

  it('a change without a new password keeps the user signed in', async () => {
    const email = `${unique('keep')}@example.test`;
    const id = await h.addUser({ email });
    const session = await h.signedIn(email, USER_PASSWORD);
    await jsonOf(await admin.json('PATCH', `/api/v1/users/${id}`, { fullName: 'Still Here' }));
    expect((await session.get('/api/v1/me')).status).toBe(200);
  });
});

describe('the administrator and oneself', () => {
  let manager: Awaited<ReturnType<typeof userWithMatrix>>;
  beforeAll(async () => {
    manager = await userWithMatrix(h, FULL_MATRIX, { name: 'Manager With Everything' });
  });

  it('the administrator cannot be deleted (409 PROTECTED), by DELETE or in a bulk delete', async () => {
    await expectError(await manager.client.json('DELETE', `/api/v1/users/${h.org.adminId}`), 409, 'PROTECTED');
    const bystander = await create();
    await expectError(await manager.client.json('POST', '/api/v1/users/delete', { ids: [bystander.id, h.org.adminId] }), 409, 'PROTECTED');
    expect((await admin.get(`/api/v1/users/${bystander.id}`)).status).toBe(200);
    expect((await admin.get(`/api/v1/users/${h.org.adminId}`)).status).toBe(200);
  });

  it('the administrator cannot delete their own account either', async () => {
    await expectError(await admin.json('DELETE', `/api/v1/users/${h.org.adminId}`), 409, 'PROTECTED');
  });

  it('another user with system.edit cannot change the administrator (409 PROTECTED), nothing changes', async () => {
    await expectError(await manager.client.json('PATCH', `/api/v1/users/${h.org.adminId}`, { fullName: 'Taken Over', password: 'stolen-password-1' }), 409, 'PROTECTED');
    const me = await jsonOf(await admin.get('/api/v1/me'));
    expect(me.fullName).toBe('Administrator');
    await h.signedIn('admin@example.test', ADMIN_PASSWORD);
  });

  it('the administrator may change their own account', async () => {
    const body = await jsonOf(await admin.json('PATCH', `/api/v1/users/${h.org.adminId}`, { alternateEmail: 'boss@home.test' }));
    expect(body.alternateEmail).toBe('boss@home.test');
  });

  it('a user cannot delete themselves (409 PROTECTED)', async () => {
    await expectError(await manager.client.json('DELETE', `/api/v1/users/${manager.id}`), 409, 'PROTECTED');
    expect((await manager.client.get('/api/v1/me')).status).toBe(200);
  });
});

describe('a site-limited administrator', () => {
  let limited: Awaited<ReturnType<typeof userWithMatrix>>;
  let multi: any;
  beforeAll(async () => {
    limited = await userWithMatrix(h, FULL_MATRIX, { name: 'Head Office Manager' });
    await jsonOf(await admin.json('PATCH', `/api/v1/users/${limited.id}`, { siteIds: [h.org.siteId] }));
    limited.client = await h.signedIn(limited.email, USER_PASSWORD);
    multi = await create({
      fullName: 'Two Sites', siteIds: [h.org.siteId, secondSiteId],
      extensions: [{ siteId: h.org.siteId, number: '2501' }, { siteId: secondSiteId, number: '2502' }],
    });
  });

  it('sees users of its sites only', async () => {
    const branchOnly = await create({ siteIds: [secondSiteId] });
    expect((await limited.client.get(`/api/v1/users/${multi.id}`)).status).toBe(200);
    await expectError(await limited.client.get(`/api/v1/users/${branchOnly.id}`), 404, 'NOT_FOUND');
    const list = await jsonOf(await limited.client.get('/api/v1/users?pageSize=200'));
    expect(list.items.map((u: any) => u.id)).not.toContain(branchOnly.id);
  });

  it('cannot give anyone every site or a site outside its own', async () => {
    expect(await refusedFields(await limited.client.json('PATCH', `/api/v1/users/${multi.id}`, { siteIds: null }))).toEqual(['siteIds']);
    expect(await refusedFields(await limited.client.json('PATCH', `/api/v1/users/${multi.id}`, { extensions: [{ siteId: secondSiteId, number: '2503' }] }))).toEqual(['extensions']);
  });

  it('changing the extensions of its site leaves the user\'s links on other sites alone', async () => {
    await jsonOf(await limited.client.json('PATCH', `/api/v1/users/${multi.id}`, { extensions: [{ siteId: h.org.siteId, number: '2511' }] }));
    const user = await jsonOf(await admin.get(`/api/v1/users/${multi.id}`));
    expect(user.extensions.map((e: any) => `${e.siteId === secondSiteId ? 'branch' : 'head'}:${e.number}`).sort()).toEqual(['branch:2502', 'head:2511']);
  });

  it('changing the sites keeps the user\'s other sites', async () => {
    await jsonOf(await limited.client.json('PATCH', `/api/v1/users/${multi.id}`, { siteIds: [h.org.siteId] }));
    const user = await jsonOf(await admin.get(`/api/v1/users/${multi.id}`));
    expect([...user.siteIds].sort()).toEqual([h.org.siteId, secondSiteId].sort());
  });

  it('gives the users it creates its own sites', async () => {
    const body = await jsonOf(await limited.client.json('POST', '/api/v1/users', { fullName: 'Local Hire', email: `${unique('local')}@example.test`, password: 'a-good-password' }), 201);
    expect(body.siteIds).toEqual([h.org.siteId]);
  });
});

describe('DELETE /api/v1/users/:id and POST /api/v1/users/delete', () => {
  it('deletes one user: 204, then 404, and their session ends', async () => {
    const email = `${unique('del')}@example.test`;
    const id = await h.addUser({ email });
    const session = await h.signedIn(email, USER_PASSWORD);
    expect((await admin.json('DELETE', `/api/v1/users/${id}`)).status).toBe(204);
    await expectError(await admin.get(`/api/v1/users/${id}`), 404, 'NOT_FOUND');
    expect((await session.get('/api/v1/me')).status).toBe(401);
  });

  it('deletes several users at once and frees their extensions', async () => {
    const a = await create({ extensions: [{ siteId: h.org.siteId, number: '2401' }] });
    const b = await create();
    expect((await admin.json('POST', '/api/v1/users/delete', { ids: [a.id, b.id] })).status).toBe(204);
    for (const id of [a.id, b.id]) expect((await admin.get(`/api/v1/users/${id}`)).status).toBe(404);
    await create({ extensions: [{ siteId: h.org.siteId, number: '2401' }] });
  });

  it('deletes nothing when one id of a bulk delete is unknown (404)', async () => {
    const a = await create();
    await expectError(await admin.json('POST', '/api/v1/users/delete', { ids: [a.id, 'no-such-user'] }), 404, 'NOT_FOUND');
    expect((await admin.get(`/api/v1/users/${a.id}`)).status).toBe(200);
  });

  it('refuses an empty bulk delete, naming ids', async () => {
    expect(await refusedFields(await admin.json('POST', '/api/v1/users/delete', { ids: [] }))).toEqual(['ids']);
  });

  it('answers 404 for an unknown user', async () => {
    await expectError(await admin.json('DELETE', '/api/v1/users/no-such-user'), 404, 'NOT_FOUND');
  });
});

describe('exports', () => {
  const tag = 'bulkexp';
  const count = 520; // more than one export chunk (500 rows)

  beforeAll(async () => {
    const now = h.deps.now();
    const rows = Array.from({ length: count }, (_, i) => ({
      id: `exp-${String(i).padStart(4, '0')}`,
      orgId: h.org.orgId,
      // Names repeat so the export's keyset cursor must break ties by id.
      fullName: `${tag} ${String(i % 50).padStart(2, '0')}`,
      email: `${tag}-${i}@example.test`,
      searchText: userSearchText(`${tag} ${String(i % 50).padStart(2, '0')}`, `${tag}-${i}@example.test`),
      profileId: defaultProfileId,
      createdAt: now,
      updatedAt: now,
    }));
    await h.deps.db.insert(users).values(rows);
  });

  it('format=csv answers text/csv starting with a BOM, with a header and every matching row once', async () => {
    const res = await admin.get(`/api/v1/users?q=${tag}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="ramal-users-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = await bytesOf(res);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(new TextDecoder().decode(bytes), { bom: true }) as string[][];
    const t = translator('en'); // the administrator's language
    expect(records[0]).toEqual(['users.fullName', 'users.email', 'users.extensions', 'users.profile', 'users.groups', 'users.source', 'common.createdAt'].map((k) => t(k as MessageKey)));
    const emails = records.slice(1).map((r) => r[1]);
    expect(emails).toHaveLength(count);
    expect(new Set(emails).size).toBe(count);
    const names = records.slice(1).map((r) => r[0]!);
    expect(names).toEqual([...names].sort());
  });

  // Every bulk row has the same profile and creation time: only the id breaks the ties.
  for (const sort of ['-fullName', 'email', '-createdAt', 'profile']) {
    it(`an export sorted by ${sort} also holds every row once`, async () => {
      const text = await (await admin.get(`/api/v1/users?q=${tag}&format=csv&sort=${sort}`)).text();
      const records = parse(text, { bom: true }) as string[][];
      expect(records.length - 1).toBe(count);
      expect(new Set(records.slice(1).map((r) => r[1])).size).toBe(count);
    });
  }

  it('the JSON list counts the same rows', async () => {
    expect((await jsonOf(await admin.get(`/api/v1/users?q=${tag}`))).total).toBe(count);
  });

  it('format=pdf answers application/pdf', async () => {
    const res = await admin.get(`/api/v1/users?q=${tag}&format=pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = await bytesOf(res);
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
  });

  it('an export without system.export is refused (403) while the JSON list is allowed', async () => {
    const viewer = await userWithMatrix(h, { system: ['view'] });
    expect((await viewer.client.get('/api/v1/users')).status).toBe(200);
    await expectError(await viewer.client.get('/api/v1/users?format=csv'), 403, 'FORBIDDEN');
    await expectError(await viewer.client.get('/api/v1/users?format=pdf'), 403, 'FORBIDDEN');
  });
});
