import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sites } from '../../../schema/index.js';
import { ADMIN_PASSWORD, type Harness, useHarness } from '../../helpers/harness.js';
import type { TestClient } from '../../helpers/test-client.js';
import { expectError, jsonOf, refusedFields, unique } from './api-helpers.js';

let h: Harness;
let admin: TestClient;

useHarness((ready) => ({ h, admin } = ready));

const SECRET = 'Authorization: Bearer pbx-secret-value-123';
const http = (extra: Record<string, unknown> = {}) => ({ kind: 'http', url: 'https://pbx.example.test/api/extensions', mapping: { list: 'data' }, ...extra });

async function newSite(extra: Record<string, unknown> = {}): Promise<any> {
  return jsonOf(await admin.json('POST', '/api/v1/sites', { name: unique('Site'), timeZone: 'America/Recife', ...extra }), 201);
}

async function stored(id: string) {
  const [row] = await h.deps.db.select().from(sites).where(eq(sites.id, id));
  return row!;
}

describe('site CRUD', () => {
  it('creates a site (201) with the default numbering codes and no PBX connection', async () => {
    const body = await newSite({ name: 'Recife' });
    expect(body).toMatchObject({
      name: 'Recife', timeZone: 'America/Recife', voicemailOwnCode: '1001', voicemailOtherCode: '1002', conferenceCode: '1006',
      pbxHost: '', pbxConnection: { kind: 'none' }, syncIntervalMinutes: 60, lastSyncAt: null,
    });
    expect(await jsonOf(await admin.get(`/api/v1/sites/${body.id}`))).toEqual(body);
  });

  it('refuses equal numbering codes on create (400) and creates nothing', async () => {
    const name = unique('Clash');
    const res = await admin.json('POST', '/api/v1/sites', { name, timeZone: 'UTC', voicemailOwnCode: '2000', voicemailOtherCode: '2000', conferenceCode: '3000' });
    expect(await refusedFields(res)).toEqual(['conferenceCode']);
    expect((await jsonOf(await admin.get(`/api/v1/sites?q=${name}`))).total).toBe(0);
  });

  it('refuses codes that are not 1 to 8 digits', async () => {
    expect(await refusedFields(await admin.json('POST', '/api/v1/sites', { name: 'x', timeZone: 'UTC', voicemailOwnCode: '12a' }))).toEqual(['voicemailOwnCode']);
  });

  it('refuses an unknown time zone on create and on change, naming timeZone', async () => {
    expect(await refusedFields(await admin.json('POST', '/api/v1/sites', { name: 'x', timeZone: 'Mars/Olympus_Mons' }))).toEqual(['timeZone']);
    const site = await newSite();
    expect(await refusedFields(await admin.json('PATCH', `/api/v1/sites/${site.id}`, { timeZone: 'Nowhere/Land' }))).toEqual(['timeZone']);
    expect((await stored(site.id)).timeZone).toBe('America/Recife');
  });

  it('refuses a PATCH of one code equal to another stored code, and accepts a distinct one', async () => {
    const site = await newSite({ voicemailOwnCode: '3001', voicemailOtherCode: '3002', conferenceCode: '3003' });
    const clash = await admin.json('PATCH', `/api/v1/sites/${site.id}`, { conferenceCode: '3001' });
    expect(await refusedFields(clash)).toEqual(['conferenceCode']);
    expect((await stored(site.id)).conferenceCode).toBe('3003');
    const ok = await jsonOf(await admin.json('PATCH', `/api/v1/sites/${site.id}`, { voicemailOwnCode: '7001' }));
    expect(ok).toMatchObject({ voicemailOwnCode: '7001', voicemailOtherCode: '3002', conferenceCode: '3003' });
  });

  it('a PATCH of some fields keeps the others, the PBX connection included', async () => {
    const site = await newSite({ pbxHost: 'pbx.local', syncIntervalMinutes: 15, voicemailOwnCode: '5001', pbxConnection: http({ authHeader: SECRET }) });
    const body = await jsonOf(await admin.json('PATCH', `/api/v1/sites/${site.id}`, { name: 'Renamed site' }));
    expect(body).toMatchObject({ name: 'Renamed site', pbxHost: 'pbx.local', syncIntervalMinutes: 15, voicemailOwnCode: '5001', timeZone: 'America/Recife' });
    expect(body.pbxConnection.kind).toBe('http');
    expect((await stored(site.id)).pbxConnection).toMatchObject({ kind: 'http', authHeader: SECRET });
  });

  it('lists sites with search', async () => {
    const tag = unique('findme').replace(/-/g, '');
    const site = await newSite({ name: `Porto ${tag}` });
    const body = await jsonOf(await admin.get(`/api/v1/sites?q=${tag}`));
    expect(body.items.map((s: any) => s.id)).toEqual([site.id]);
  });

  it('answers 404 for an unknown site on GET, PATCH and DELETE', async () => {
    await expectError(await admin.get('/api/v1/sites/nope'), 404, 'NOT_FOUND');
    await expectError(await admin.json('PATCH', '/api/v1/sites/nope', { name: 'x' }), 404, 'NOT_FOUND');
    await expectError(await admin.json('DELETE', '/api/v1/sites/nope'), 404, 'NOT_FOUND');
  });
});

describe('the PBX credential', () => {
  it('is never returned in clear: create, read, list and change answers show only the header name', async () => {
    const created = await newSite({ pbxConnection: http({ authHeader: SECRET }) });
    const answers = [
      created,
      await jsonOf(await admin.get(`/api/v1/sites/${created.id}`)),
      await jsonOf(await admin.get(`/api/v1/sites?q=${encodeURIComponent(created.name)}`)),
      await jsonOf(await admin.json('PATCH', `/api/v1/sites/${created.id}`, { pbxHost: 'pbx2' })),
    ];
    for (const answer of answers) expect(JSON.stringify(answer)).not.toContain('pbx-secret-value-123');
    expect(created.pbxConnection.authHeader).toBe('Authorization: ***');
  });

  it('is stored as given', async () => {
    const created = await newSite({ pbxConnection: http({ authHeader: SECRET }) });
    expect((await stored(created.id)).pbxConnection).toMatchObject({ kind: 'http', authHeader: SECRET });
  });

  it('is kept when a PATCH of the connection omits it', async () => {
    const created = await newSite({ pbxConnection: http({ authHeader: SECRET }) });
    const body = await jsonOf(await admin.json('PATCH', `/api/v1/sites/${created.id}`, { pbxConnection: http({ url: 'https://pbx2.example.test/ext' }) }));
    expect(body.pbxConnection).toMatchObject({ url: 'https://pbx2.example.test/ext', authHeader: 'Authorization: ***' });
    expect((await stored(created.id)).pbxConnection).toMatchObject({ url: 'https://pbx2.example.test/ext', authHeader: SECRET });
  });

  it('is replaced when a PATCH sends a new one and removed when it sends ""', async () => {
    const created = await newSite({ pbxConnection: http({ authHeader: SECRET }) });
    await jsonOf(await admin.json('PATCH', `/api/v1/sites/${created.id}`, { pbxConnection: http({ authHeader: 'X-Key: other' }) }));
    expect((await stored(created.id)).pbxConnection).toMatchObject({ authHeader: 'X-Key: other' });
    await jsonOf(await admin.json('PATCH', `/api/v1/sites/${created.id}`, { pbxConnection: http({ authHeader: '' }) }));
    expect((await stored(created.id)).pbxConnection).not.toHaveProperty('authHeader');
  });

  it('refuses a header without a name, and a URL that is not http(s)', async () => {
    const res = await admin.json('POST', '/api/v1/sites', { name: 'x', timeZone: 'UTC', pbxConnection: http({ authHeader: 'just-a-secret', url: 'ftp://pbx' }) });
    expect((await refusedFields(res)).sort()).toEqual(['pbxConnection.authHeader', 'pbxConnection.url']);
  });
});

describe('deleting sites', () => {
  it('deletes a site (204, then 404) and revokes the node tokens bound to it', async () => {
    const site = await newSite();
    const token = await jsonOf(await admin.json('POST', '/api/v1/tokens', { name: 'node', kind: 'node', siteId: site.id }), 201);
    expect((await admin.json('DELETE', `/api/v1/sites/${site.id}`)).status).toBe(204);
    await expectError(await admin.get(`/api/v1/sites/${site.id}`), 404, 'NOT_FOUND');
    const node = h.client();
    node.bearer = token.secret;
    expect((await node.json('POST', '/api/v1/node/heartbeat', {})).status).toBe(401);
  });

  it('deletes several sites at once', async () => {
    const [a, b] = [await newSite(), await newSite()];
    expect((await admin.json('POST', '/api/v1/sites/delete', { ids: [a.id, b.id] })).status).toBe(204);
    for (const s of [a, b]) expect((await admin.get(`/api/v1/sites/${s.id}`)).status).toBe(404);
  });

  it('never deletes the last site of an organization (409 PROTECTED)', async () => {
    const other = await h.addOrganization('Solo', 'solo-admin@example.test');
    const soloAdmin = await h.signedIn('solo-admin@example.test', ADMIN_PASSWORD);
    await expectError(await soloAdmin.json('DELETE', `/api/v1/sites/${other.siteId}`), 409, 'PROTECTED');
    expect((await soloAdmin.get(`/api/v1/sites/${other.siteId}`)).status).toBe(200);
  });

  it('refuses a bulk delete of every site (409 PROTECTED) and deletes none', async () => {
    const all = await jsonOf(await admin.get('/api/v1/sites?pageSize=200'));
    await expectError(await admin.json('POST', '/api/v1/sites/delete', { ids: all.items.map((s: any) => s.id) }), 409, 'PROTECTED');
    expect((await jsonOf(await admin.get('/api/v1/sites?pageSize=200'))).total).toBe(all.total);
  });
});
