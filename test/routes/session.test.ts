import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FAILURES } from '../../functions/services/auth/sign-in.js';
import { ADMIN_PASSWORD, createHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('sign-in and sessions', () => {
  it('signs in through the API and sets an HttpOnly, SameSite=Lax session cookie', async () => {
    const c = h.client();
    const res = await c.json('POST', '/api/v1/session', { email: 'ADMIN@example.test ', password: ADMIN_PASSWORD });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((l) => l.startsWith('ramal_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    expect((await c.get('/api/v1/me')).status).toBe(200);
  });

  it('marks the cookie Secure when reached over https', async () => {
    const res = await h.app.request('https://ramal.test/api/v1/session', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@example.test', password: ADMIN_PASSWORD }),
    });
    expect(res.headers.getSetCookie().find((l) => l.startsWith('ramal_session='))).toMatch(/Secure/);
  });

  it('answers 401 with the error shape for API calls without a session', async () => {
    const res = await h.client().get('/api/v1/users');
    expect(res.status).toBe(401);
    const body = await res.json();
    expect(body.error.code).toBe('UNAUTHENTICATED');
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('refuses a wrong password without telling whether the e-mail exists', async () => {
    const known = await h.client().json('POST', '/api/v1/session', { email: 'admin@example.test', password: 'nope-nope' });
    const unknown = await h.client().json('POST', '/api/v1/session', { email: 'ghost@example.test', password: 'nope-nope' });
    expect(known.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect((await known.json()).error.message).toBe((await unknown.json()).error.message);
  });

  it('locks an account after repeated failures, even with the right password, until the lock expires', async () => {
    await h.addUser({ email: 'lock@example.test' });
    for (let i = 0; i < MAX_FAILURES - 1; i++) {
      expect((await h.client().json('POST', '/api/v1/session', { email: 'lock@example.test', password: 'wrong-one' })).status).toBe(401);
    }
    const locking = await h.client().json('POST', '/api/v1/session', { email: 'lock@example.test', password: 'wrong-one' });
    expect(locking.status).toBe(429);
    expect(Number(locking.headers.get('retry-after'))).toBeGreaterThan(0);
    const right = await h.client().json('POST', '/api/v1/session', { email: 'lock@example.test', password: 'user-password-1' });
    expect(right.status).toBe(429);
    expect((await right.json()).error.code).toBe('LOCKED');
    h.clock.offsetMs = 16 * 60_000;
    try {
      expect((await h.client().json('POST', '/api/v1/session', { email: 'lock@example.test', password: 'user-password-1' })).status).toBe(200);
    } finally {
      h.clock.offsetMs = 0;
    }
  }, 30_000);

  it('shows the lock on the sign-in page in the chosen language', async () => {
    await h.addUser({ email: 'lock2@example.test' });
    const c = h.client();
    expect((await c.form('/language', { language: 'es', next: '/sign-in' })).status).toBe(303);
    let res: Response | undefined;
    for (let i = 0; i < MAX_FAILURES; i++) res = await c.form('/sign-in', { email: 'lock2@example.test', password: 'bad-password' });
    expect(res!.status).toBe(429);
    expect(await res!.text()).toContain('La cuenta está bloqueada');
  }, 30_000);

  it('signs in through the page, honours a local next= and ignores a foreign one', async () => {
    const c = h.client();
    const res = await c.form('/sign-in', { email: 'admin@example.test', password: ADMIN_PASSWORD, next: '/users?q=a' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/users?q=a');
    const evil = await h.client().form('/sign-in', { email: 'admin@example.test', password: ADMIN_PASSWORD, next: '//evil.example/x' });
    expect(evil.headers.get('location')).toBe('/');
  });

  it('refuses a form post without the CSRF token', async () => {
    const c = await h.admin();
    const res = await c.form('/groups/new', { name: 'No token' }, { csrf: null });
    expect(res.status).toBe(403);
    const wrong = await c.form('/groups/new', { name: 'Wrong token' }, { csrf: 'x'.repeat(32) });
    expect(wrong.status).toBe(403);
    expect((await c.form('/groups/new', { name: 'With token' })).status).toBe(303);
  });

  it('signs out: the session stops working', async () => {
    const c = await h.admin();
    const token = c.cookies.get('ramal_session')!;
    expect((await c.json('DELETE', '/api/v1/session')).status).toBe(204);
    const stale = h.client();
    stale.cookies.set('ramal_session', token);
    expect((await stale.get('/api/v1/me')).status).toBe(401);
  });

  it('redirects pages to sign-in when signed out', async () => {
    const res = await h.client().get('/users');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in?next=%2Fusers');
  });
});
