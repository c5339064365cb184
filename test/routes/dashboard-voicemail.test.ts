import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensions } from '../../schema/index.js';
import { DEFAULT_PROFILE_MATRIX } from '../../functions/services/auth/permissions.js';
import { translator } from '../../functions/i18n/index.js';
import { createHarness, type Harness } from '../helpers/harness.js';
import type { TestClient } from '../helpers/test-client.js';
import { insertMessage } from '../services/voicemail/inbox-fixture.js';
import { userWithMatrix } from './api/api-helpers.js';

let h: Harness;
let alice: TestClient;
let configurer: TestClient;
let nothing: TestClient;
const t = translator('en');

/** The gadget's text with tags dropped and spaces squeezed, as a reader would see it. */
async function textOf(res: Response): Promise<string> {
  expect(res.status).toBe(200);
  return (await res.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
}

beforeAll(async () => {
  h = await createHarness();
  const a = await userWithMatrix(h, DEFAULT_PROFILE_MATRIX, { name: 'Alice Lima' });
  await h.deps.db.insert(extensions).values({ id: `ext-${a.id}`, orgId: h.org.orgId, siteId: h.org.siteId, number: '2001', name: 'Alice', userId: a.id, createdAt: new Date(), updatedAt: new Date() });
  const bob = await userWithMatrix(h, DEFAULT_PROFILE_MATRIX, { name: 'Bob Souza' });
  const at = new Date('2026-03-10T12:00:00Z');
  await insertMessage(h, { extension: '2001', userId: a.id, receivedAt: at });
  await insertMessage(h, { extension: '2001', userId: a.id, heard: true, receivedAt: at });
  await insertMessage(h, { extension: '2001', userId: a.id, heard: true, receivedAt: at });
  await insertMessage(h, { extension: '2002', userId: bob.id, receivedAt: at });
  alice = a.client;
  configurer = (await userWithMatrix(h, { vmailer: ['view', 'configure'] })).client;
  nothing = (await userWithMatrix(h, {})).client;
  for (const c of [alice, configurer, nothing]) expect((await c.json('PATCH', '/api/v1/me', { fullName: 'Reader', language: 'en' })).status).toBe(204);
});

afterAll(() => h?.close());

describe('the v-mailer gadgets on the dashboard', () => {
  it("refreshes the user's gadget with their own counts and mailbox limit", async () => {
    const text = await textOf(await alice.get('/dashboard/gadgets/vm-mine'));
    expect(text).toContain(`${t('gadget.vmNew')} 1 ${t('gadget.vmHeard')} 2`);
    expect(text).toContain(`${t('gadget.vmMailbox', { extension: '2001' })}: ${t('gadget.vmLimitOf', { count: 3, max: 100 })}`);
  });

  it('offers a plain user their gadget but not the system one', async () => {
    const page = await alice.get('/');
    const html = await page.text();
    expect(html).toContain('data-gadget-id="vm-mine"');
    expect(html).not.toContain('data-gadget-id="vm-system"');
    expect((await alice.get('/dashboard/gadgets/vm-system')).status).toBe(404);
  });

  it('refuses both gadgets to a user without v-mailer permissions', async () => {
    expect((await nothing.get('/dashboard/gadgets/vm-mine')).status).toBe(404);
    expect((await nothing.get('/dashboard/gadgets/vm-system')).status).toBe(404);
  });

  it('refreshes the system gadget for a v-mailer configurator, counting today by the clock the app sees', async () => {
    h.clock.offsetMs = new Date('2026-03-11T02:00:00Z').getTime() - Date.now(); // 23:00 on the 10th in São Paulo, the 11th in UTC
    const text = await textOf(await configurer.get('/dashboard/gadgets/vm-system'));
    expect(text).toContain(`${t('gadget.vmTotal')} 4 ${t('gadget.vmToday')} 4`);
    h.clock.offsetMs = new Date('2026-03-11T03:00:00Z').getTime() - Date.now(); // midnight of the 11th there
    expect(await textOf(await configurer.get('/dashboard/gadgets/vm-system'))).toContain(`${t('gadget.vmToday')} 0`);
    h.clock.offsetMs = 0;
  });

  it("shows the administrator's free space from the central's disk", async () => {
    const admin = await h.admin();
    const text = await textOf(await admin.get('/dashboard/gadgets/vm-system'));
    expect(text).toContain(t('gadget.vmFree'));
    expect(text).not.toContain(t('gadget.vmUnknown'));
  });
});
