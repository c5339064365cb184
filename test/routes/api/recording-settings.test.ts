import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConfigSchema } from '../../../functions/services/media-nodes/node-config.js';
import { createHarness, type Harness } from '../../helpers/harness.js';
import { nodeClient } from '../../helpers/node-client.js';
import type { TestClient } from '../../helpers/test-client.js';
import { expectError, jsonOf, matrixWithout, refusedFields, userWithMatrix, FULL_MATRIX } from './api-helpers.js';

const PATH = '/api/v1/recordings/settings';
let h: Harness;
let admin: TestClient;
let excludedUser: string;

beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
  excludedUser = await h.addUser({ email: 'quiet@example.test', fullName: 'Quiet Person', extensions: [{ siteId: h.org.siteId, number: '2201' }] });
  await h.addUser({ email: 'loud@example.test', fullName: 'Loud Person', extensions: [{ siteId: h.org.siteId, number: '2203' }] });
});
afterAll(() => h.close());

describe('GET and PUT /api/v1/recordings/settings', () => {
  it('answers the defaults, then what was saved (only the fields sent change)', async () => {
    const initial = await jsonOf(await admin.get(PATH));
    expect(initial).toMatchObject({ minDurationSeconds: 0, excludedUsers: [], discardIfAnyExcluded: false, retentionDays: null });
    expect(Object.keys(initial.templates).sort()).toEqual(['en', 'es', 'pt-BR']);
    const saved = await jsonOf(await admin.json('PUT', PATH, { minDurationSeconds: 8, excludedUserIds: [excludedUser] }));
    expect(saved).toMatchObject({ minDurationSeconds: 8, excludedUsers: [{ id: excludedUser, fullName: 'Quiet Person' }], discardIfAnyExcluded: false });
    await jsonOf(await admin.json('PUT', PATH, { retentionDays: 365, discardIfAnyExcluded: true }));
    expect(await jsonOf(await admin.get(PATH))).toMatchObject({ minDurationSeconds: 8, retentionDays: 365, discardIfAnyExcluded: true, excludedUsers: [{ id: excludedUser }] });
  });

  it('refuses bad input with a 400 naming the field', async () => {
    expect(await refusedFields(await admin.json('PUT', PATH, { minDurationSeconds: -1 }))).toEqual(['minDurationSeconds']);
    expect(await refusedFields(await admin.json('PUT', PATH, { retentionDays: 0 }))).toEqual(['retentionDays']);
    expect(await refusedFields(await admin.json('PUT', PATH, { excludedUserIds: ['no-such-user'] }))).toEqual(['excludedUserIds']);
    expect(await refusedFields(await admin.json('PUT', PATH, { templates: { en: { subject: 'Call {caller}', body: 'x' } } }))).toEqual(['templates.en.subject']);
  });

  it('needs vrec.configure (403 without it, even to read)', async () => {
    const { client } = await userWithMatrix(h, matrixWithout('vrec', 'configure'));
    await expectError(await client.get(PATH), 403, 'FORBIDDEN');
    await expectError(await client.json('PUT', PATH, { minDurationSeconds: 1 }), 403, 'FORBIDDEN');
  });

  it('lets a site-limited administrator read the rules but not change them (403)', async () => {
    const limited = await userWithMatrix(h, FULL_MATRIX);
    await jsonOf(await admin.json('PATCH', `/api/v1/users/${limited.id}`, { siteIds: [h.org.siteId] }));
    const client = await h.signedIn(limited.email, 'user-password-1');
    const before = await jsonOf(await admin.get(PATH));
    expect(await jsonOf(await client.get(PATH))).toEqual(before);
    await expectError(await client.json('PUT', PATH, { minDurationSeconds: 1 }), 403, 'FORBIDDEN');
    expect(await jsonOf(await admin.get(PATH))).toEqual(before);
  });

  it("keeps each organization's rules its own; another organization's user cannot be excluded", async () => {
    const other = await h.addOrganization('Globex', 'globex-admin@example.test');
    const otherAdmin = await h.signedIn('globex-admin@example.test', 'admin-password-1');
    expect(await jsonOf(await otherAdmin.get(PATH))).toMatchObject({ minDurationSeconds: 0, excludedUsers: [] });
    expect(await refusedFields(await otherAdmin.json('PUT', PATH, { excludedUserIds: [excludedUser] }))).toEqual(['excludedUserIds']);
    expect(other.orgId).not.toBe(h.org.orgId);
  });
});

describe('the media node learns the rules', () => {
  it('sees a saved rule at its next configuration poll (new ETag): minimum, the excluded user\'s extensions, the mode', async () => {
    const node = await nodeClient(h);
    const first = await node.get('/api/v1/node/config');
    const etag = first.headers.get('etag')!;
    await jsonOf(await admin.json('PUT', PATH, { minDurationSeconds: 12, excludedUserIds: [excludedUser], discardIfAnyExcluded: false }));
    const changed = await node.request('/api/v1/node/config', { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(NodeConfigSchema.parse(await changed.json()).recorder).toEqual({ minDurationMs: 12_000, excludedExtensions: ['2201'], discardIfAnyExcluded: false });
    const unchanged = await node.request('/api/v1/node/config', { headers: { 'if-none-match': changed.headers.get('etag')! } });
    expect(unchanged.status).toBe(304);
  });
});
