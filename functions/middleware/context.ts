import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.js';
import type { AppOptions, RuntimeContext } from '../app.js';
import { isLanguage, negotiateLanguage, translator } from '../i18n/index.js';

export const LANGUAGE_COOKIE = 'ramal_lang';

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
