import { describe, expect, it } from 'vitest';
import { type Harness, useHarness } from '../helpers/harness.js';
import type { TestClient } from '../helpers/test-client.js';

let h: Harness;
let admin: TestClient;

useHarness((ready) => ({ h, admin } = ready));

describe('GET /healthz', () => {
  it('answers 200 with status ok, the version and a reachable database, without a session', async () => {
    const res = await h.client().get('/healthz');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'ok', version: h.deps.version, database: { state: 'ok' } });
    expect(typeof body.version).toBe('string');
    expect(body.version.length).toBeGreaterThan(0);
    expect(typeof body.database.latencyMs).toBe('number');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('security headers', () => {
  function csp(res: Response): Map<string, string> {
    const header = res.headers.get('content-security-policy') ?? '';
    return new Map(header.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
      const [name = '', ...values] = d.split(/\s+/);
      return [name.toLowerCase(), values.join(' ')];
    }));
  }

  for (const [label, path, signedIn] of [['the sign-in page', '/sign-in', false], ['a signed-in page', '/users', true]] as const) {
    it(`on ${label}: a strict CSP without 'unsafe-inline', frame-ancestors 'none', nosniff and a referrer policy`, async () => {
      const res = await (signedIn ? admin : h.client()).get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const policy = csp(res);
      expect(res.headers.get('content-security-policy')).not.toContain('unsafe-inline');
      expect(res.headers.get('content-security-policy')).not.toContain('unsafe-eval');
      expect(policy.get('frame-ancestors')).toBe("'none'");
      expect(policy.get('default-src')).toBe("'self'");
      expect(policy.get('script-src')).toBe("'self'");
      expect(policy.get('object-src')).toBe("'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    });
  }

  it('API answers carry them too, and a request id', async () => {
    const res = await admin.get('/api/v1/me');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-request-id')).toMatch(/^[\w-]{8,64}$/);
  });
});

describe('unknown routes', () => {
  it('an unknown /api/v1 route answers 404 with the JSON error shape', async () => {
    const res = await admin.get('/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await res.json();
    expect(body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String), requestId: res.headers.get('x-request-id') } });
  });

  it('a known /api/v1 path with an unknown method answers 404 JSON, not a page', async () => {
    const res = await admin.json('PUT', '/api/v1/users', {});
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('NOT_FOUND');
  });

  it('a malformed JSON body answers 400 with the JSON error shape', async () => {
    const res = await admin.request('/api/v1/groups', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: 'BAD_REQUEST', requestId: res.headers.get('x-request-id') });
  });

  it('an unknown page answers 404 HTML', async () => {
    const res = await admin.get('/no-such-page');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html).toContain(res.headers.get('x-request-id')!);
  });

  it('an unknown asset answers 404', async () => {
    expect((await h.client().get('/assets/no-such-file.js')).status).toBe(404);
  });
});
