import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../functions/i18n/index.js';
import { createHarness, type Harness } from '../helpers/harness.js';
import { userWithMatrix } from './api/api-helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('error pages speak the user\'s language', () => {
  it('explains a refusal in Portuguese, with the request id', async () => {
    const viewer = await userWithMatrix(h, { system: ['view'] });
    const res = await viewer.client.get('/users/new');
    expect(res.status).toBe(403);
    const page = await res.text();
    expect(page).toContain(translator('pt-BR')('error.forbiddenText'));
    expect(page).toContain(res.headers.get('x-request-id')!);
    expect(page).not.toContain('missing permission');
  });

  it('says what cannot be done, not the English code, when deleting the administrator', async () => {
    const admin = await h.admin();
    await admin.form('/language', { language: 'es', next: '/users' });
    const res = await admin.form('/users/delete', { ids: h.org.adminId });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain(translator('es')('err.ownerUndeletable'));
  });

  it('answers an unknown record with a translated 404 page', async () => {
    const admin = await h.admin();
    await admin.form('/language', { language: 'pt-BR', next: '/' });
    const res = await admin.get('/groups/no-such-group');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain(translator('pt-BR')('error.notFoundText'));
  });
});
