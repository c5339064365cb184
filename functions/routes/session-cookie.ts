import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../app-env.js';
import { isHttps, SESSION_COOKIE } from '../middleware/auth.js';
import { auditEntry } from '../services/audit/audit-entry.js';
import { loadUserScope } from '../services/auth/actor.js';
import { createSession, deleteSession, SESSION_IDLE_MS } from '../services/auth/sessions.js';
import { signIn } from '../services/auth/sign-in.js';

/** Signs in and sets the session cookie; shared by the sign-in page and POST /api/v1/session. */
export async function startSession(c: Context<AppEnv>, email: string, password: string): Promise<{ userId: string; language: string }> {
  const { db, kdf, config, now } = c.var.deps;
  const { userId, orgId } = await signIn({ db, kdf, kdfCost: config.RAMAL_KDF_COST, now }, email, password);
  const token = await createSession(db, userId, orgId, now());
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure: isHttps(c), path: '/', maxAge: SESSION_IDLE_MS / 1000 });
  const loaded = await loadUserScope(db, userId, orgId);
  if (loaded) await auditEntry(db, loaded.scope, { action: 'sign-in', entityType: 'session', entityId: userId, summary: loaded.user.email }, now());
  return { userId, language: loaded?.user.language ?? config.RAMAL_LANGUAGE };
}

export async function endSession(c: Context<AppEnv>): Promise<void> {
  const token = getCookie(c, SESSION_COOKIE);
  if (token) await deleteSession(c.var.deps.db, token);
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}
