import { getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.js';
import { ApiError } from '../errors.js';
import { constantTimeEqual } from '../services/auth/password.js';
import { randomToken } from '../services/auth/random.js';
import { isHttps } from './auth.js';

export const CSRF_COOKIE = 'ramal_csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const encode = (s: string) => new TextEncoder().encode(s);

/**
 * Which requests must prove they come from our own pages. API calls with a JSON body or a
 * PUT/PATCH/DELETE method cannot be sent cross-site without a CORS preflight, which Ramal never
 * grants, so only form-style posts need the token.
 */
export function needsToken(method: string, path: string, contentType: string, authorization: string | undefined): boolean {
  if (!UNSAFE.has(method) || authorization) return false;
  if (path.startsWith('/api/')) return method === 'POST' && !contentType.startsWith('application/json');
  return true;
}

/**
 * Double-submit token: a random cookie (SameSite=Strict) that every form repeats in a hidden field
 * (or fetch in a header). A cross-site page can make the browser send the cookie but cannot read it
 * to fill the field. Bearer-token API calls carry no cookie and are exempt.
 */
export const csrfProtection = createMiddleware<AppEnv>(async (c, next) => {
  let token = getCookie(c, CSRF_COOKIE);
  if (!token || token.length < 32) {
    token = randomToken(24);
    setCookie(c, CSRF_COOKIE, token, { httpOnly: true, sameSite: 'Strict', secure: isHttps(c), path: '/' });
  }
  c.set('csrfToken', token);
  if (needsToken(c.req.method, c.req.path, c.req.header('content-type') ?? '', c.req.header('authorization'))) {
    let sent = c.req.header(CSRF_HEADER);
    if (!sent) {
      const type = c.req.header('content-type') ?? '';
      if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
        const field = (await c.req.parseBody())[CSRF_FIELD];
        sent = typeof field === 'string' ? field : undefined;
      }
    }
    if ((!sent || !constantTimeEqual(encode(sent), encode(token)))) {
      throw new ApiError('FORBIDDEN', 'missing or wrong CSRF token; reload the page and try again', { messageKey: 'err.csrf' });
    }
  }
  await next();
});
