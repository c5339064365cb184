import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sites } from '../../schema/index.js';
import { translator } from '../../functions/i18n/index.js';
import { type Harness, useHarness } from '../helpers/harness.js';
import type { TestClient } from '../helpers/test-client.js';

let h: Harness;
let admin: TestClient;
const t = translator('en');

useHarness((ready) => ({ h, admin } = ready));

const base = (name: string) => ({
  name, timeZone: 'UTC', voicemailOwnCode: '1001', voicemailOtherCode: '1002', conferenceCode: '1006', echoTestCode: '1009', recorderCode: 'rec',
  pbxHost: '', syncIntervalMinutes: '60', pbxKind: 'none', promptLanguage: 'es', sipAllowedAddresses: '', sipInboundMode: 'refuse', sipTrunkMode: 'off',
});
const stored = async (name: string) => (await h.deps.db.select().from(sites).where(eq(sites.name, name)))[0];
const escape = (s: string) => s.replaceAll('"', '&quot;');

describe('the site form\'s media node settings', () => {
  it('a new site\'s form offers the seven prompt languages, the organization\'s chosen', async () => {
    const page = await (await admin.get('/sites/new')).text();
    expect(page.includes(t('sites.sip'))).toBe(true);
    for (const lang of ['pt-BR', 'en', 'es', 'ja', 'de', 'it', 'fr']) expect(page.includes(`<option value="${lang}"`)).toBe(true);
    expect(page).toMatch(/<option value="en" selected/);
    expect(page.includes('name="echoTestCode" type="text" value="1009"')).toBe(true);
  });

  it('saves addresses, codes, language and credentials', async () => {
    const res = await admin.form('/sites/new', {
      ...base('Form site'), sipAllowedAddresses: '10.0.0.5\n192.168.0.0/24', echoTestCode: 'eco', sipInboundMode: 'password', sipInboundUsername: 'guest',
      sipInboundPassword: 'form-secret-1', sipTrunkMode: 'on', sipTrunkRegistrar: 'pbx.local:5060', sipTrunkUsername: 'ramal', sipTrunkPassword: 'form-secret-2',
      sipTrunkExpires: '900', sipTrunkRegister: '1',
    });
    expect(res.status).toBe(303);
    const site = (await stored('Form site'))!;
    expect(site).toMatchObject({
      promptLanguage: 'es', echoTestCode: 'eco', sipAllowedAddresses: ['10.0.0.5', '192.168.0.0/24'], sipInbound: { username: 'guest', password: 'form-secret-1' },
      sipTrunk: { register: true, registrar: 'pbx.local:5060', username: 'ramal', password: 'form-secret-2', expiresSeconds: 900 },
    });
    const page = await (await admin.get(`/sites/${site.id}`)).text();
    expect(page).not.toContain('form-secret');
    expect(page.includes(t('sites.sipPasswordKeep'))).toBe(true);
    expect(page.includes('10.0.0.5\n192.168.0.0/24</textarea>')).toBe(true);
  });

  it('switches message lamps to the PBX unasked and back, showing the choice', async () => {
    expect((await admin.form('/sites/new', { ...base('Lamps'), mwiUnsolicited: '1' })).status).toBe(303);
    const site = (await stored('Lamps'))!;
    expect(site.mwiUnsolicited).toBe(true);
    expect(await (await admin.get(`/sites/${site.id}`)).text()).toMatch(/<option value="1" selected/);
    expect((await admin.form(`/sites/${site.id}`, { ...base('Lamps'), mwiUnsolicited: '0' })).status).toBe(303);
    expect((await stored('Lamps'))!.mwiUnsolicited).toBe(false);
  });

  it('blank passwords keep the stored ones; switching off removes the credentials', async () => {
    await admin.form('/sites/new', { ...base('Keeper'), sipInboundMode: 'password', sipInboundUsername: 'guest', sipInboundPassword: 'kept-secret' });
    const site = (await stored('Keeper'))!;
    expect((await admin.form(`/sites/${site.id}`, { ...base('Keeper'), sipInboundMode: 'password', sipInboundUsername: 'guest2', sipInboundPassword: '' })).status).toBe(303);
    expect((await stored('Keeper'))!.sipInbound).toEqual({ username: 'guest2', password: 'kept-secret' });
    expect((await admin.form(`/sites/${site.id}`, base('Keeper'))).status).toBe(303);
    expect((await stored('Keeper'))!.sipInbound).toBeNull();
  });

  it('shows each error beside its field and saves nothing', async () => {
    const res = await admin.form('/sites/new', {
      ...base('Broken'), sipAllowedAddresses: '10.0.0.1\nnot-an-ip', sipTrunkMode: 'on', sipTrunkRegistrar: 'pbx.local', sipTrunkUsername: 'u', sipTrunkPassword: 'p', sipTrunkExpires: '10',
    });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page.includes(`<p class="field-error" id="e-sipAllowedAddresses">${escape(t('err.ipOrCidr'))} (not-an-ip)</p>`)).toBe(true);
    expect(page).toMatch(/id="e-sipTrunkExpires"/);
    expect(page.includes('href="#f-sipTrunkExpires"')).toBe(true);
    expect(page).not.toContain('value="p"');
    expect(await stored('Broken')).toBeUndefined();
  });

  it('a post without the media node controls (an older form) leaves those settings as they are', async () => {
    await admin.form('/sites/new', { ...base('Older form'), recorderCode: 'grava', sipInboundMode: 'password', sipInboundUsername: 'guest', sipInboundPassword: 'old-form-pass' });
    const site = (await stored('Older form'))!;
    const { promptLanguage: _l, echoTestCode: _e, recorderCode: _r, sipAllowedAddresses: _a, sipInboundMode: _i, sipTrunkMode: _t, ...older } = base('Older form');
    expect((await admin.form(`/sites/${site.id}`, { ...older, pbxHost: '10.9.9.9' })).status).toBe(303);
    expect(await stored('Older form')).toMatchObject({ pbxHost: '10.9.9.9', recorderCode: 'grava', promptLanguage: 'es', sipInbound: { username: 'guest', password: 'old-form-pass' } });
  });

  it('shows a code equal to another beside the later one', async () => {
    const res = await admin.form('/sites/new', { ...base('Clash'), recorderCode: '1001' });
    expect(res.status).toBe(400);
    expect((await res.text()).includes(`<p class="field-error" id="e-recorderCode">${t('err.codesDistinct')}</p>`)).toBe(true);
    expect(await stored('Clash')).toBeUndefined();
  });

  it('asks for a password when turning credentials on without one', async () => {
    const res = await admin.form('/sites/new', { ...base('No password'), sipInboundMode: 'password', sipInboundUsername: 'guest', sipInboundPassword: '' });
    expect(res.status).toBe(400);
    expect((await res.text()).includes(`<p class="field-error" id="e-sipInboundPassword">${t('err.required')}</p>`)).toBe(true);
    expect(await stored('No password')).toBeUndefined();
  });
});
