import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.js';
import type { AppOptions, RuntimeContext } from '../app.js';
import { isLanguage, negotiateLanguage, translator, type Language } from '../i18n/index.js';
import { isHttps } from './auth.js';

export const LANGUAGE_COOKIE = 'ramal_lang';

/** Keeps the chosen language for this browser (signed out too) for a year. */
export function rememberLanguage(c: Context<AppEnv>, lang: Language): void {
  setCookie(c, LANGUAGE_COOKIE, lang, { path: '/', sameSite: 'Lax', secure: isHttps(c), maxAge: 31_536_000 });
}

/** Puts the runtime's dependencies and a first guess of the language on the context. */
export function context(resolveDeps: AppOptions['resolveDeps']) {
  return createMiddleware<AppEnv>(async (c, next) => {
    let executionCtx: RuntimeContext | null = null;
    try {
      executionCtx = c.executionCtx;
    } catch {
      // Node has no execution context; Hono throws when asked for one.
    }
    const deps = await resolveDeps(c.env ?? {}, executionCtx);
    c.set('deps', deps);
    const cookie = getCookie(c, LANGUAGE_COOKIE);
    const lang = isLanguage(cookie) ? cookie : negotiateLanguage(c.req.header('accept-language'), deps.config.RAMAL_LANGUAGE);
    c.set('lang', lang);
    c.set('t', translator(lang));
    await next();
  });
}
