import { beforeAll, describe, expect, it } from 'vitest';
import { conferenceRooms } from '../../../schema/index.js';
import { type Harness, useHarness } from '../../helpers/harness.js';
import type { TestClient } from '../../helpers/test-client.js';
import { expectError, jsonOf, refusedFields, userWithMatrix } from './api-helpers.js';

let h: Harness;
let admin: TestClient;
useHarness((ready) => ({ h, admin } = ready));

const url = (q: string) => `/api/v1/conference/invitee-candidates?q=${encodeURIComponent(q)}`;
type Candidate = { id: string; fullName: string; email: string; extensions: string[] };
const search = async (client: TestClient, q: string) => (await jsonOf<{ candidates: Candidate[] }>(await client.get(url(q)))).candidates;

let joao: string;
beforeAll(async () => {
  joao = await h.addUser({ email: 'jsilva@example.test', fullName: 'João Silva', extensions: [{ siteId: h.org.siteId, number: '4721' }] });
  await h.addUser({ email: 'marta.pick@example.test', fullName: 'Marta Nunes' });
  for (let i = 0; i < 25; i++) await h.addUser({ email: `crowd${String(i).padStart(2, '0')}@example.test`, fullName: `Crowd Person ${i}` });
  const other = await h.addOrganization('Elsewhere', 'chief@elsewhere.test');
  await h.addUser({ email: 'joao.other@elsewhere.test', fullName: 'João Outro', extensions: [{ siteId: other.siteId, number: '4721' }] }, other.orgId);
});

describe('GET /api/v1/conference/invitee-candidates', () => {
  it('finds a user by name, ignoring accents and case, with their e-mail and extensions', async () => {
    expect(await search(admin, 'joao SIL')).toEqual([{ id: joao, fullName: 'João Silva', email: 'jsilva@example.test', extensions: ['4721'] }]);
  });

  it('finds a user by e-mail and by extension number', async () => {
    expect((await search(admin, 'marta.pick@')).map((c) => c.fullName)).toEqual(['Marta Nunes']);
    expect((await search(admin, '472')).map((c) => c.id)).toEqual([joao]);
  });

  it('answers at most 20 people, in name order', async () => {
    const found = await search(admin, 'crowd');
    expect(found).toHaveLength(20);
    const names = found.map((c) => c.fullName);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
  });

  it("never shows another organization's users", async () => {
    const found = await search(admin, 'joao');
    expect(found.map((c) => c.email)).toEqual(['jsilva@example.test']);
    const stranger = await h.signedIn('chief@elsewhere.test', 'admin-password-1');
    expect((await search(stranger, '4721')).map((c) => c.email)).toEqual(['joao.other@elsewhere.test']);
  });

  it('shows a site-limited administrator only the users of their sites', async () => {
    const branch = await jsonOf<{ id: string }>(await admin.json('POST', '/api/v1/sites', { name: 'Branch', timeZone: 'UTC' }), 201);
    await h.addUser({ email: 'branch.only@example.test', fullName: 'Bruno Filial', extensions: [{ siteId: branch.id, number: '9001' }] });
    const limited = await userWithMatrix(h, { vconference: ['view', 'create'] }, { name: 'Limited Planner' });
    await jsonOf(await admin.json('PATCH', `/api/v1/users/${limited.id}`, { siteIds: [branch.id] }));
    const client = await h.signedIn(limited.email, 'user-password-1');
    expect((await search(client, 'bruno')).map((c) => c.email)).toEqual(['branch.only@example.test']);
    expect(await search(client, 'joao')).toEqual([]);
    expect((await search(admin, 'bruno')).map((c) => c.email)).toEqual(['branch.only@example.test']);
  });

  it('is open to those who may create or edit rooms, and refused (403) to a viewer', async () => {
    const creator = await userWithMatrix(h, { vconference: ['view', 'create'] });
    const editor = await userWithMatrix(h, { vconference: ['view', 'edit'] });
    const viewer = await userWithMatrix(h, { vconference: ['view'] });
    expect(await search(creator.client, 'marta')).toHaveLength(1);
    expect(await search(editor.client, 'marta')).toHaveLength(1);
    await expectError(await viewer.client.get(url('marta')), 403, 'FORBIDDEN');
  });

  it('refuses a search longer than 100 characters, naming q (400)', async () => {
    expect(await refusedFields(await admin.get(url('x'.repeat(101))))).toEqual(['q']);
  });
});

describe('the room form without scripts', () => {
  const typed = { siteId: '', number: '8801', subject: 'No script', participantPin: '1111', adminPin: '2222', startsAt: '2099-01-05T10:00', endsAt: '2099-01-05T11:00' };

  it('Search posts the form back with the people found as boxes to tick, keeping what was typed and creating nothing', async () => {
    const res = await admin.form('/conference/new', { ...typed, siteId: h.org.siteId, inviteSearch: 'marta', inviteAction: 'search' });
    expect(res.status).toBe(200);
    const html = await res.text();
    const [marta] = await search(admin, 'marta.pick');
    expect(html).toMatch(new RegExp(`<input type="checkbox" id="f-found-0" name="inviteUsers" value="${marta!.id}"/>`));
    expect(html).toContain('value="No script"');
    expect(html).not.toContain('jsilva@example.test');
    expect(await h.deps.db.$count(conferenceRooms)).toBe(0);
  });

  it('Search with an e-mail address adds it as a chosen address, and saving invites the ticked people', async () => {
    const [marta] = await search(admin, 'marta.pick');
    const back = await (await admin.form('/conference/new', { ...typed, siteId: h.org.siteId, inviteUsers: marta!.id, inviteSearch: 'Guest@Outside.test', inviteAction: 'search' })).text();
    expect(back).toContain('name="inviteEmail" value="guest@outside.test" checked=""');
    expect(back).toContain(`name="inviteUsers" value="${marta!.id}" checked=""`);
    const saved = await admin.form('/conference/new', { ...typed, siteId: h.org.siteId, inviteUsers: marta!.id, inviteEmail: 'guest@outside.test', inviteEmails: 'typed@outside.test' });
    expect(saved.status).toBe(303);
    const page = await (await admin.get(saved.headers.get('location')!)).text();
    for (const address of ['marta.pick@example.test', 'guest@outside.test', 'typed@outside.test']) expect(page).toContain(address);
  });
});
