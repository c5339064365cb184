import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../functions/i18n/index.js';
import { createHarness, type Harness } from '../helpers/harness.js';
import { userWithMatrix } from './api/api-helpers.js';

let h: Harness;
const t = translator('pt-BR');

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('forms offer only what the user may do', () => {
  it.each([
    ['a user', async () => `/users/${h.org.adminId}`],
    ['a group', async () => {
      const admin = await h.admin();
      const res = await admin.json('POST', '/api/v1/groups', { name: 'Sales' });
      return `/groups/${(await res.json()).id}`;
    }],
    ['a permission profile', async () => {
      const admin = await h.admin();
      const list = await (await admin.get('/api/v1/profiles?q=DEFAULT')).json();
      return `/profiles/${list.items[0].id}`;
    }],
  ])('shows %s read-only, without Save, to someone who may only view', async (_what, path) => {
    const viewer = await userWithMatrix(h, { system: ['view'] });
    const page = await (await viewer.client.get(await path())).text();
    expect(page).toMatch(/<fieldset class="form-body" disabled/);
    expect(page).not.toContain(`>${t('common.save')}</button>`);
    const editor = await userWithMatrix(h, { system: ['view', 'edit'] });
    const editable = await (await editor.client.get(await path())).text();
    expect(editable).not.toMatch(/<fieldset class="form-body" disabled/);
    expect(editable).toContain(`>${t('common.save')}</button>`);
  });
});
