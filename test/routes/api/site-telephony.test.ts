import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, sites } from '../../../schema/index.js';
import { type Harness, useHarness } from '../../helpers/harness.js';
import type { TestClient } from '../../helpers/test-client.js';
import { jsonOf, refusedFields, unique } from './api-helpers.js';

let h: Harness;
let admin: TestClient;

useHarness((ready) => ({ h, admin } = ready));

const TRUNK = { register: true, registrar: 'sip:10.0.0.1:5060', username: 'ramal', password: 'trunk-secret-1', expiresSeconds: 600 };
const create = (extra: Record<string, unknown>) => admin.json('POST', '/api/v1/sites', { name: unique('Site'), timeZone: 'UTC', ...extra });
const stored = async (id: string) => (await h.deps.db.select().from(sites).where(eq(sites.id, id)))[0]!;

describe('site telephony settings through the API', () => {
  it('a new site has the defaults, its prompts in the organization\'s language', async () => {
    const site = await jsonOf(await create({}), 201);
    expect(site).toMatchObject({ echoTestCode: '1009', recorderCode: 'rec', promptLanguage: 'en', sipAllowedAddresses: [], sipInbound: null, sipTrunk: null });
  });

  it('stores addresses, codes, language and credentials, and never answers a password', async () => {
    const res = await create({
      promptLanguage: 'ja', echoTestCode: '9999', recorderCode: 'gravar', sipAllowedAddresses: ['10.0.0.7', '192.168.1.0/24', '2001:db8::/32'],
      sipInbound: { username: 'guest', password: 'inbound-secret-1' }, sipTrunk: TRUNK,
    });
    const text = await res.clone().text();
    const site = await jsonOf(res, 201);
    expect(text).not.toContain('inbound-secret-1');
    expect(text).not.toContain('trunk-secret-1');
    expect(site).toMatchObject({
      promptLanguage: 'ja', echoTestCode: '9999', recorderCode: 'gravar', sipAllowedAddresses: ['10.0.0.7', '192.168.1.0/24', '2001:db8::/32'],
      sipInbound: { username: 'guest', passwordSet: true },
      sipTrunk: { register: true, registrar: 'sip:10.0.0.1:5060', username: 'ramal', expiresSeconds: 600, passwordSet: true },
    });
    expect(await (await admin.get(`/api/v1/sites/${site.id}`)).text()).not.toMatch(/secret-1/);
    expect(await (await admin.get('/api/v1/sites?pageSize=200')).text()).not.toMatch(/secret-1/);
    expect(await (await admin.get('/api/v1/sites?format=csv')).text()).not.toMatch(/secret-1/);
    const row = await stored(site.id);
    expect(row.sipInbound).toEqual({ username: 'guest', password: 'inbound-secret-1' });
    expect(row.sipTrunk).toEqual(TRUNK);
  });

  it('a PATCH without a password keeps the stored one; with one, replaces it; null removes the credentials', async () => {
    const site = await jsonOf(await create({ sipInbound: { username: 'guest', password: 'first-pass' }, sipTrunk: TRUNK }), 201);
    await jsonOf(await admin.json('PATCH', `/api/v1/sites/${site.id}`, { sipInbound: { username: 'visitor' }, sipTrunk: { ...TRUNK, password: undefined, register: false } }));
    expect((await stored(site.id)).sipInbound).toEqual({ username: 'visitor', password: 'first-pass' });
    expect((await stored(site.id)).sipTrunk).toEqual({ ...TRUNK, register: false });
    await jsonOf(await admin.json('PATCH', `/api/v1/sites/${site.id}`, { sipInbound: { username: 'visitor', password: 'second-pass' } }));
    expect((await stored(site.id)).sipInbound?.password).toBe('second-pass');
    expect(await jsonOf(await admin.json('PATCH', `/api/v1/sites/${site.id}`, { sipInbound: null, sipTrunk: null }))).toMatchObject({ sipInbound: null, sipTrunk: null });
  });

  it('refuses credentials without a password when none is stored', async () => {
    expect(await refusedFields(await create({ sipInbound: { username: 'guest' } }))).toEqual(['sipInbound.password']);
    const site = await jsonOf(await create({}), 201);
    expect(await refusedFields(await admin.json('PATCH', `/api/v1/sites/${site.id}`, { sipTrunk: { registrar: 'pbx.local', username: 'u' } }))).toEqual(['sipTrunk.password']);
    expect((await stored(site.id)).sipTrunk).toBeNull();
  });

  it('refuses addresses that are not IPs or CIDRs, naming the item', async () => {
    expect(await refusedFields(await create({ sipAllowedAddresses: ['10.0.0.1', 'pbx.local', '10.0.0.0/33', '300.1.1.1'] }))).toEqual([
      'sipAllowedAddresses.1', 'sipAllowedAddresses.2', 'sipAllowedAddresses.3',
    ]);
  });

  it('refuses bad codes, language, registrar, SIP user and expiry', async () => {
    expect(await refusedFields(await create({ echoTestCode: 'echo test', recorderCode: 'x'.repeat(21) }))).toEqual(['echoTestCode', 'recorderCode']);
    expect(await refusedFields(await create({ promptLanguage: 'ru' }))).toEqual(['promptLanguage']);
    const fields = await refusedFields(await create({ sipTrunk: { registrar: 'http://pbx/', username: 'a b', password: 'p', expiresSeconds: 5 } }));
    expect(fields).toEqual(['sipTrunk.registrar', 'sipTrunk.username', 'sipTrunk.expiresSeconds']);
  });

  it('refuses a new code equal to another code, on create and on change (case aside)', async () => {
    expect(await refusedFields(await create({ echoTestCode: '1001' }))).toEqual(['echoTestCode']);
    expect(await refusedFields(await create({ echoTestCode: 'REC' }))).toEqual(['recorderCode']);
    const site = await jsonOf(await create({}), 201);
    expect(await refusedFields(await admin.json('PATCH', `/api/v1/sites/${site.id}`, { recorderCode: '1006' }))).toEqual(['recorderCode']);
    expect((await stored(site.id)).recorderCode).toBe('rec');
  });

  it('audits a change by field name, with no password in the entry', async () => {
    const site = await jsonOf(await create({}), 201);
    await jsonOf(await admin.json('PATCH', `/api/v1/sites/${site.id}`, { sipInbound: { username: 'guest', password: 'audited-secret' } }));
    const entries = await h.deps.db.select().from(auditLog).where(eq(auditLog.entityId, site.id));
    const update = entries.find((e) => e.action === 'update');
    expect(update?.summary).toContain('sipInbound');
    expect(JSON.stringify(entries)).not.toContain('audited-secret');
  });
});
