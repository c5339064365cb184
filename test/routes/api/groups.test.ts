import { describe, expect, it } from 'vitest';
import { type Harness, useHarness } from '../../helpers/harness.js';
import type { TestClient } from '../../helpers/test-client.js';
import { expectError, jsonOf, refusedFields, unique } from './api-helpers.js';

let h: Harness;
let admin: TestClient;

useHarness((ready) => ({ h, admin } = ready));

async function newGroup(extra: Record<string, unknown> = {}): Promise<any> {
  return jsonOf(await admin.json('POST', '/api/v1/groups', { name: unique('Group'), ...extra }), 201);
}

async function newUser(fullName: string): Promise<string> {
  return h.addUser({ email: `${unique('m')}@example.test`, fullName });
}

describe('group CRUD', () => {
  it('creates a group (201) with its name, description and no members', async () => {
    const body = await jsonOf(await admin.json('POST', '/api/v1/groups', { name: '  Support  ', description: 'Level 1' }), 201);
    expect(body).toMatchObject({ name: 'Support', description: 'Level 1', members: [] });
    expect(typeof body.id).toBe('string');
  });

  it('refuses a blank name, naming name', async () => {
    expect(await refusedFields(await admin.json('POST', '/api/v1/groups', { name: '   ' }))).toEqual(['name']);
  });

  it('reads a group by id and answers 404 for an unknown one', async () => {
    const group = await newGroup({ description: 'read me' });
    expect(await jsonOf(await admin.get(`/api/v1/groups/${group.id}`))).toMatchObject({ id: group.id, name: group.name, description: 'read me', members: [] });
    await expectError(await admin.get('/api/v1/groups/no-such-group'), 404, 'NOT_FOUND');
  });

  it('renames a group and keeps the description that was not sent', async () => {
    const group = await newGroup({ description: 'keep this' });
    const body = await jsonOf(await admin.json('PATCH', `/api/v1/groups/${group.id}`, { name: 'Renamed group' }));
    expect(body).toMatchObject({ name: 'Renamed group', description: 'keep this' });
  });

  it('changes only the description when only it is sent', async () => {
    const group = await newGroup({ description: 'old' });
    const body = await jsonOf(await admin.json('PATCH', `/api/v1/groups/${group.id}`, { description: 'new' }));
    expect(body).toMatchObject({ name: group.name, description: 'new' });
  });

  it('refuses a blank name on change and answers 404 for an unknown group', async () => {
    const group = await newGroup();
    expect(await refusedFields(await admin.json('PATCH', `/api/v1/groups/${group.id}`, { name: '' }))).toEqual(['name']);
    await expectError(await admin.json('PATCH', '/api/v1/groups/no-such-group', { name: 'x' }), 404, 'NOT_FOUND');
  });

  it('lists groups with search and member counts', async () => {
    const tag = unique('listed').replace(/-/g, '');
    const group = await newGroup({ name: `Alpha ${tag}` });
    await newGroup({ name: `Beta ${tag}` });
    const u = await newUser('Counted Member');
    expect((await admin.json('POST', `/api/v1/groups/${group.id}/members`, { userIds: [u] })).status).toBe(204);
    const body = await jsonOf(await admin.get(`/api/v1/groups?q=${tag}`));
    expect(body.total).toBe(2);
    expect(body.items.map((g: any) => [g.name, g.members])).toEqual([[`Alpha ${tag}`, 1], [`Beta ${tag}`, 0]]);
    const desc = await jsonOf(await admin.get(`/api/v1/groups?q=${tag}&sort=-name`));
    expect(desc.items[0].name).toBe(`Beta ${tag}`);
  });

  it('deletes a group (204, then 404) and keeps its users', async () => {
    const group = await newGroup();
    const u = await newUser('Survivor');
    await admin.json('POST', `/api/v1/groups/${group.id}/members`, { userIds: [u] });
    expect((await admin.json('DELETE', `/api/v1/groups/${group.id}`)).status).toBe(204);
    await expectError(await admin.get(`/api/v1/groups/${group.id}`), 404, 'NOT_FOUND');
    const user = await jsonOf(await admin.get(`/api/v1/users/${u}`));
    expect(user.groups).toEqual([]);
  });

  it('deletes several groups at once; an unknown id deletes nothing (404)', async () => {
    const a = await newGroup();
    const b = await newGroup();
    const c = await newGroup();
    await expectError(await admin.json('POST', '/api/v1/groups/delete', { ids: [c.id, 'no-such-group'] }), 404, 'NOT_FOUND');
    expect((await admin.get(`/api/v1/groups/${c.id}`)).status).toBe(200);
    expect((await admin.json('POST', '/api/v1/groups/delete', { ids: [a.id, b.id] })).status).toBe(204);
    for (const g of [a, b]) expect((await admin.get(`/api/v1/groups/${g.id}`)).status).toBe(404);
  });

  it('answers 404 to DELETE of an unknown group', async () => {
    await expectError(await admin.json('DELETE', '/api/v1/groups/no-such-group'), 404, 'NOT_FOUND');
  });
});

describe('group members', () => {
  it('adds several users at once, ignoring ones already in', async () => {
    const group = await newGroup();
    const [a, b] = [await newUser('Member A'), await newUser('Member B')];
    expect((await admin.json('POST', `/api/v1/groups/${group.id}/members`, { userIds: [a] })).status).toBe(204);
    expect((await admin.json('POST', `/api/v1/groups/${group.id}/members`, { userIds: [a, b, b] })).status).toBe(204);
    const body = await jsonOf(await admin.get(`/api/v1/groups/${group.id}`));
    expect(body.members.map((m: any) => m.userId).sort()).toEqual([a, b].sort());
  });

  it('refuses to add an unknown user and adds none of the others (404)', async () => {
    const group = await newGroup();
    const a = await newUser('Would Be');
    await expectError(await admin.json('POST', `/api/v1/groups/${group.id}/members`, { userIds: [a, 'no-such-user'] }), 404, 'NOT_FOUND');
    expect((await jsonOf(await admin.get(`/api/v1/groups/${group.id}`))).members).toEqual([]);
  });

  it('refuses an empty member list, naming userIds', async () => {
    const group = await newGroup();
    expect(await refusedFields(await admin.json('POST', `/api/v1/groups/${group.id}/members`, { userIds: [] }))).toEqual(['userIds']);
  });

  it('answers 404 when adding members to an unknown group', async () => {
    const a = await newUser('Orphan');
    await expectError(await admin.json('POST', '/api/v1/groups/no-such-group/members', { userIds: [a] }), 404, 'NOT_FOUND');
  });

  it('removes several members at once and keeps the rest', async () => {
    const group = await newGroup();
    const ids = [await newUser('R1'), await newUser('R2'), await newUser('R3')];
    await admin.json('POST', `/api/v1/groups/${group.id}/members`, { userIds: ids });
    expect((await admin.json('POST', `/api/v1/groups/${group.id}/members/delete`, { userIds: [ids[0], ids[2]] })).status).toBe(204);
    const body = await jsonOf(await admin.get(`/api/v1/groups/${group.id}`));
    expect(body.members.map((m: any) => m.userId)).toEqual([ids[1]]);
  });

  it('makes a member supervisor; GET of the group and of the user show it', async () => {
    const group = await newGroup();
    const u = await newUser('Boss Person');
    await admin.json('POST', `/api/v1/groups/${group.id}/members`, { userIds: [u] });
    expect((await admin.json('PATCH', `/api/v1/groups/${group.id}/members/${u}`, { supervisor: true })).status).toBe(204);
    const body = await jsonOf(await admin.get(`/api/v1/groups/${group.id}`));
    expect(body.members).toEqual([expect.objectContaining({ userId: u, supervisor: true })]);
    const user = await jsonOf(await admin.get(`/api/v1/users/${u}`));
    expect(user.groups).toEqual([{ id: group.id, name: group.name, supervisor: true }]);
    const list = await jsonOf(await admin.get(`/api/v1/groups?q=${encodeURIComponent(group.name)}`));
    expect(list.items[0].supervisors).toBe('Boss Person');
  });

  it('changing only the position keeps the supervisor flag', async () => {
    const group = await newGroup();
    const u = await newUser('Steady Boss');
    await admin.json('POST', `/api/v1/groups/${group.id}/members`, { userIds: [u] });
    await admin.json('PATCH', `/api/v1/groups/${group.id}/members/${u}`, { supervisor: true });
    expect((await admin.json('PATCH', `/api/v1/groups/${group.id}/members/${u}`, { position: 7 })).status).toBe(204);
    const body = await jsonOf(await admin.get(`/api/v1/groups/${group.id}`));
    expect(body.members[0]).toMatchObject({ supervisor: true, position: 7 });
  });

  it('a user change that keeps the group keeps the supervisor flag', async () => {
    const group = await newGroup();
    const other = await newGroup();
    const u = await newUser('Kept Boss');
    await admin.json('POST', `/api/v1/groups/${group.id}/members`, { userIds: [u] });
    await admin.json('PATCH', `/api/v1/groups/${group.id}/members/${u}`, { supervisor: true });
    const user = await jsonOf(await admin.json('PATCH', `/api/v1/users/${u}`, { groupIds: [group.id, other.id] }));
    expect(user.groups.find((g: any) => g.id === group.id).supervisor).toBe(true);
    expect(user.groups.find((g: any) => g.id === other.id).supervisor).toBe(false);
  });

  it('lists members by position, then by name', async () => {
    const group = await newGroup();
    const zed = await newUser('zed');
    const amy = await newUser('Amy');
    const bob = await newUser('bob');
    await admin.json('POST', `/api/v1/groups/${group.id}/members`, { userIds: [zed, amy, bob] });
    let body = await jsonOf(await admin.get(`/api/v1/groups/${group.id}`));
    expect(body.members.map((m: any) => m.fullName)).toEqual(['Amy', 'bob', 'zed']);
    await admin.json('PATCH', `/api/v1/groups/${group.id}/members/${amy}`, { position: 2 });
    await admin.json('PATCH', `/api/v1/groups/${group.id}/members/${bob}`, { position: 1 });
    body = await jsonOf(await admin.get(`/api/v1/groups/${group.id}`));
    expect(body.members.map((m: any) => [m.fullName, m.position])).toEqual([['zed', 0], ['bob', 1], ['Amy', 2]]);
  });

  it('refuses a negative position and a non-boolean supervisor', async () => {
    const group = await newGroup();
    const u = await newUser('Strict');
    await admin.json('POST', `/api/v1/groups/${group.id}/members`, { userIds: [u] });
    expect(await refusedFields(await admin.json('PATCH', `/api/v1/groups/${group.id}/members/${u}`, { position: -1 }))).toEqual(['position']);
    expect(await refusedFields(await admin.json('PATCH', `/api/v1/groups/${group.id}/members/${u}`, { supervisor: 'yes' }))).toEqual(['supervisor']);
  });

  it('an empty member change is a no-op (204)', async () => {
    const group = await newGroup();
    const u = await newUser('Unchanged');
    await admin.json('POST', `/api/v1/groups/${group.id}/members`, { userIds: [u] });
    await admin.json('PATCH', `/api/v1/groups/${group.id}/members/${u}`, { supervisor: true, position: 3 });
    expect((await admin.json('PATCH', `/api/v1/groups/${group.id}/members/${u}`, {})).status).toBe(204);
    expect((await jsonOf(await admin.get(`/api/v1/groups/${group.id}`))).members[0]).toMatchObject({ supervisor: true, position: 3 });
  });

  it('answers 404 when changing someone who is not a member', async () => {
    const group = await newGroup();
    const u = await newUser('Outsider');
    await expectError(await admin.json('PATCH', `/api/v1/groups/${group.id}/members/${u}`, { supervisor: true }), 404, 'NOT_FOUND');
  });
});
