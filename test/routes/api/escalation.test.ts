import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { permissionProfiles } from '../../../schema/index.js';
import { createSite } from '../../../functions/services/sites/site-service.js';
import { createHarness, ADMIN_PASSWORD, type Harness } from '../../helpers/harness.js';
import { jsonOf, refusedFields, USER_PASSWORD, userWithMatrix } from './api-helpers.js';

let h: Harness;
let profiles: Record<string, string>;

beforeAll(async () => {
  h = await createHarness();
  const rows = await h.deps.db.select().from(permissionProfiles).where(eq(permissionProfiles.orgId, h.org.orgId));
  profiles = Object.fromEntries(rows.map((r) => [r.name, r.id]));
});
afterAll(() => h.close());

describe('nobody grants more than they hold', () => {
  it('refuses a user with system.edit raising themselves or others to a stronger profile', async () => {
    const editor = await userWithMatrix(h, { system: ['view', 'edit'] });
    expect(await refusedFields(await editor.client.json('PATCH', `/api/v1/users/${editor.id}`, { profileId: profiles.Administrators }))).toEqual(['profileId']);
    const other = await h.addUser({ email: 'other@example.test' });
    expect(await refusedFields(await editor.client.json('PATCH', `/api/v1/users/${other}`, { profileId: profiles.Administrators }))).toEqual(['profileId']);
    // DEFAULT is what every user gets anyway, so it can always be given.
    expect((await editor.client.json('PATCH', `/api/v1/users/${other}`, { profileId: profiles.DEFAULT })).status).toBe(200);
  });

  it('still lets that editor rename a user who already has a stronger profile', async () => {
    const editor = await userWithMatrix(h, { system: ['view', 'edit'] });
    const strong = await h.addUser({ email: 'strong@example.test', profileId: profiles.Administrators });
    const res = await editor.client.json('PATCH', `/api/v1/users/${strong}`, { fullName: 'Renamed', profileId: profiles.Administrators });
    expect((await jsonOf(res)).fullName).toBe('Renamed');
  });

  it('refuses an integration token with a profile beyond its creator', async () => {
    const configurer = await userWithMatrix(h, { system: ['view', 'configure'] });
    expect(await refusedFields(await configurer.client.json('POST', '/api/v1/tokens', { name: 't', kind: 'integration', profileId: profiles.Administrators }))).toEqual(['profileId']);
  });

  it('refuses adding permissions one lacks to a profile, DEFAULT included', async () => {
    const editor = await userWithMatrix(h, { system: ['view', 'edit', 'create'] });
    expect(await refusedFields(await editor.client.json('PATCH', `/api/v1/profiles/${profiles.DEFAULT}`, { permissions: { system: ['delete'] } }))).toEqual(['permissions']);
    expect(await refusedFields(await editor.client.json('POST', '/api/v1/profiles', { name: 'sneaky', permissions: { vrec: ['listen'] } }))).toEqual(['permissions']);
    expect((await editor.client.json('POST', '/api/v1/profiles', { name: 'modest', permissions: { system: ['view'] } })).status).toBe(201);
  });
});

describe('own account', () => {
  it('keeps one\'s own password change on /me, where the current password is asked', async () => {
    const admin = await h.admin();
    expect(await refusedFields(await admin.json('PATCH', `/api/v1/users/${h.org.adminId}`, { password: 'a-new-password' }))).toEqual(['password']);
  });

  it('changes only the password with PATCH /me when only that is sent', async () => {
    const id = await h.addUser({ email: 'me-only@example.test', fullName: 'Keeps Name' });
    const me = await h.signedIn('me-only@example.test', USER_PASSWORD);
    expect((await me.json('PATCH', '/api/v1/me', { currentPassword: USER_PASSWORD, password: 'brand-new-pass', passwordConfirmation: 'brand-new-pass' })).status).toBe(204);
    expect((await jsonOf(await me.get('/api/v1/me'))).fullName).toBe('Keeps Name');
    expect((await h.client().json('POST', '/api/v1/session', { email: 'me-only@example.test', password: 'brand-new-pass' })).status).toBe(200);
    expect(id).toBeTruthy();
  });
});

describe('what answers reveal', () => {
  it('does not include the organization id in site answers', async () => {
    const admin = await h.admin();
    const site = await jsonOf(await admin.get(`/api/v1/sites/${h.org.siteId}`));
    expect(site).not.toHaveProperty('orgId');
    const list = await jsonOf(await admin.get('/api/v1/sites'));
    expect(list.items[0]).not.toHaveProperty('orgId');
  });

  it('shows a site-limited administrator only the extensions on its own sites', async () => {
    const branch = await createSite(h.deps.db, h.scope(), { name: 'Branch', timeZone: 'UTC', voicemailOwnCode: '1001', voicemailOtherCode: '1002', conferenceCode: '1006', pbxHost: '', pbxConnection: { kind: 'none' }, syncIntervalMinutes: 0 }, new Date());
    const user = await h.addUser({ email: 'two-sites@example.test', extensions: [{ siteId: h.org.siteId, number: '700' }, { siteId: branch, number: '800' }] });
    const limited = await userWithMatrix(h, { system: ['view', 'edit'] });
    const admin = await h.admin();
    await jsonOf(await admin.json('PATCH', `/api/v1/users/${limited.id}`, { siteIds: [branch] }));
    const seen = await jsonOf(await limited.client.get(`/api/v1/users/${user}`));
    expect(seen.extensions.map((e: { number: string }) => e.number)).toEqual(['800']);
    expect(ADMIN_PASSWORD).toBeTruthy();
  });
});
