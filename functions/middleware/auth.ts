import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Context } from 'hono';
import type { AppEnv, Auth } from '../app-env.js';
import { ApiError } from '../errors.js';
import { isLanguage, translator } from '../i18n/index.js';
import { loadTokenScope, loadUserScope } from '../services/auth/actor.js';
import { can, type Action, type Module } from '../services/auth/permissions.js';
import { findSession } from '../services/auth/sessions.js';

export const SESSION_COOKIE = 'ramal_session';

/** Whether the browser reached us over https (directly, or through a trusted proxy). */
export function isHttps(c: Context<AppEnv>): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return c.var.deps.config.RAMAL_TRUST_PROXY && c.req.header('x-forwarded-proto') === 'https';
}

async function resolveAuth(c: Context<AppEnv>): Promise<Auth | null> {
  const { db, now } = c.var.deps;
  const header = c.req.header('authorization');
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const token = match?.[1] ? await loadTokenScope(db, match[1], now()) : null;
    if (!token) throw new ApiError('UNAUTHENTICATED', 'invalid or revoked API token');
    return { scope: token.scope, user: null, token };
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (!cookie) return null;
  const session = await findSession(db, cookie, now());
  if (!session) return null;
  const loaded = await loadUserScope(db, session.userId, session.orgId);
  return loaded ? { scope: loaded.scope, user: loaded.user, token: null } : null;
}

/** Identifies the caller, if any; routes then decide with `requireUser`/`requireApiAuth`. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const auth = await resolveAuth(c);
  c.set('auth', auth);
  if (auth?.user && isLanguage(auth.user.language)) {
    c.set('lang', auth.user.language);
    c.set('t', translator(auth.user.language));
  }
  await next();
});

/** Pages: a signed-in person, or off to the sign-in page and back here afterwards. */
export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.var.auth?.user) {
    const url = new URL(c.req.url);
    const back = c.req.method === 'GET' ? url.pathname + url.search : '/';
    return c.redirect(`/sign-in?next=${encodeURIComponent(back)}`, 303);
  }
  await next();
});

/** API: a session or an integration token; media-node tokens only reach the node API. */
export const requireApiAuth = createMiddleware<AppEnv>(async (c, next) => {
  const auth = c.var.auth;
  if (!auth) throw new ApiError('UNAUTHENTICATED', 'sign in or send an API token');
  if (auth.token?.kind === 'node') throw new ApiError('FORBIDDEN', 'a media node token only reaches /api/v1/node');
  await next();
});

/** The media node API: a node token bound to one site. */
export const requireNodeToken = createMiddleware<AppEnv>(async (c, next) => {
  const token = c.var.auth?.token;
  if (!token) throw new ApiError('UNAUTHENTICATED', 'send the site token as a bearer token');
  if (token.kind !== 'node' || !token.siteId) throw new ApiError('FORBIDDEN', 'this route needs a media node token');
  await next();
});

export function auth(c: Context<AppEnv>): Auth {
  const value = c.var.auth;
  if (!value) throw new ApiError('UNAUTHENTICATED', 'not signed in');
  return value;
}

/** Refuses callers whose profile lacks the action on the module (the server-side half of manual 2.6). */
export function requirePermission(module: Module, action: Action) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!can(auth(c).scope.grants, module, action)) {
      throw new ApiError('FORBIDDEN', `missing permission ${module}.${action}`);
    }
    await next();
  });
}
