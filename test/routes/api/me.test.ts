import { describe, expect, it } from 'vitest';
import { type Harness, useHarness } from '../../helpers/harness.js';
import type { TestClient } from '../../helpers/test-client.js';
import { expectError, jsonOf, refusedFields, unique, USER_PASSWORD, userWithMatrix } from './api-helpers.js';

let h: Harness;
let admin: TestClient;

useHarness((ready) => ({ h, admin } = ready));

describe('GET /api/v1/me', () => {
  it('describes the administrator: owner, every permission', async () => {
    const me = await jsonOf(await admin.get('/api/v1/me'));
    expect(me).toMatchObject({ id: h.org.adminId, email: 'admin@example.test', fullName: 'Administrator', isOwner: true, all: true, language: 'en' });
    expect(JSON.stringify(me)).not.toMatch(/password/i);
  });

  it('describes a user with their profile\'s matrix', async () => {
    const user = await userWithMatrix(h, { vrec: ['view', 'listen'] }, { name: 'Matrix Person' });
    const me = await jsonOf(await user.client.get('/api/v1/me'));
    expect(me).toMatchObject({ id: user.id, fullName: 'Matrix Person', isOwner: false, all: false, permissions: { vrec: ['view', 'listen'] } });
  });

  it('is open to a user whose profile grants nothing', async () => {
    const user = await userWithMatrix(h, {});
    expect((await user.client.get('/api/v1/me')).status).toBe(200);
  });

  it('answers 401 without a session', async () => {
    await expectError(await h.client().get('/api/v1/me'), 401, 'UNAUTHENTICATED');
  });
});

describe('PATCH /api/v1/me', () => {
  async function person(): Promise<{ email: string; id: string; client: TestClient }> {
    const email = `${unique('self')}@example.test`;
    const id = await h.addUser({ email, fullName: 'Self Person' });
    return { email, id, client: await h.signedIn(email, USER_PASSWORD) };
  }

  it('changes name, language and alternate e-mail (204), which GET then shows', async () => {
    const p = await person();
    expect((await p.client.json('PATCH', '/api/v1/me', { fullName: 'New Name', language: 'es', alternateEmail: ' Alt@Home.test ' })).status).toBe(204);
    expect(await jsonOf(await p.client.get('/api/v1/me'))).toMatchObject({ fullName: 'New Name', language: 'es', alternateEmail: 'alt@home.test' });
  });

  it('refuses a blank name and an unknown language', async () => {
    const p = await person();
    expect((await refusedFields(await p.client.json('PATCH', '/api/v1/me', { fullName: '', language: 'fr' }))).sort()).toEqual(['fullName', 'language']);
  });

  it('a new password without the current one is refused, naming currentPassword', async () => {
    const p = await person();
    expect(await refusedFields(await p.client.json('PATCH', '/api/v1/me', { fullName: 'x', language: 'en', password: 'new-password-1' }))).toEqual(['currentPassword']);
  });

  it('a new password with a wrong current one is refused, naming currentPassword, and changes nothing', async () => {
    const p = await person();
    const res = await p.client.json('PATCH', '/api/v1/me', { fullName: 'Changed?', language: 'en', currentPassword: 'wrong-password', password: 'new-password-1' });
    expect(await refusedFields(res)).toEqual(['currentPassword']);
    expect((await jsonOf(await p.client.get('/api/v1/me'))).fullName).toBe('Self Person');
    await h.signedIn(p.email, USER_PASSWORD);
  });

  it('refuses a mismatched confirmation and a short password', async () => {
    const p = await person();
    const mismatch = await p.client.json('PATCH', '/api/v1/me', { fullName: 'x', language: 'en', currentPassword: USER_PASSWORD, password: 'new-password-1', passwordConfirmation: 'new-password-2' });
    expect(await refusedFields(mismatch)).toEqual(['passwordConfirmation']);
    const short = await p.client.json('PATCH', '/api/v1/me', { fullName: 'x', language: 'en', currentPassword: USER_PASSWORD, password: 'short' });
    expect(await refusedFields(short)).toEqual(['password']);
  });

  it('with the right current password: keeps this session, ends the user\'s other sessions, and the new password works', async () => {
    const p = await person();
    const otherDevice = await h.signedIn(p.email, USER_PASSWORD);
    const bystander = await userWithMatrix(h, {});
    const res = await p.client.json('PATCH', '/api/v1/me', { fullName: 'Self Person', language: 'en', currentPassword: USER_PASSWORD, password: 'rotated-password-1', passwordConfirmation: 'rotated-password-1' });
    expect(res.status).toBe(204);
    expect((await p.client.get('/api/v1/me')).status).toBe(200);
    expect((await otherDevice.get('/api/v1/me')).status).toBe(401);
    expect((await bystander.client.get('/api/v1/me')).status).toBe(200);
    await h.signedIn(p.email, 'rotated-password-1');
    expect((await h.client().json('POST', '/api/v1/session', { email: p.email, password: USER_PASSWORD })).status).toBe(401);
  });

  it('without a new password keeps every session', async () => {
    const p = await person();
    const otherDevice = await h.signedIn(p.email, USER_PASSWORD);
    expect((await p.client.json('PATCH', '/api/v1/me', { fullName: 'Same', language: 'en', password: '' })).status).toBe(204);
    expect((await otherDevice.get('/api/v1/me')).status).toBe(200);
  });

  it('cannot change the e-mail or the profile', async () => {
    const p = await person();
    const before = await jsonOf(await p.client.get('/api/v1/me'));
    await p.client.json('PATCH', '/api/v1/me', { fullName: 'Sneaky', language: 'en', email: 'stolen@example.test', profileId: 'whatever', isOwner: true });
    const after = await jsonOf(await p.client.get('/api/v1/me'));
    expect(after).toMatchObject({ email: before.email, isOwner: false, permissions: before.permissions });
  });
});
