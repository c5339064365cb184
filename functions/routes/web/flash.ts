import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../../app-env.js';
import { isMessageKey, type MessageKey } from '../../i18n/index.js';

const FLASH_COOKIE = 'ramal_flash';

/** A one-time notice for the page after a redirect ("Saved", "3 users deleted"). */
export function setFlash(c: Context<AppEnv>, key: MessageKey, count?: number): void {
  setCookie(c, FLASH_COOKIE, count === undefined ? key : `${key}|${count}`, { httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 60 });
}

export function takeFlash(c: Context<AppEnv>): string | null {
  const raw = getCookie(c, FLASH_COOKIE);
  if (!raw) return null;
  deleteCookie(c, FLASH_COOKIE, { path: '/' });
  const [key = '', count] = raw.split('|');
  return isMessageKey(key) ? c.var.t(key, { count: Number(count ?? 0) }) : null;
}

/** Redirects after a successful post (post/redirect/get), with a notice. */
export function doneRedirect(c: Context<AppEnv>, to: string, key: MessageKey, count?: number): Response {
  setFlash(c, key, count);
  return c.redirect(to, 303);
}
