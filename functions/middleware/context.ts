import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.js';
import type { Deps } from '../deps.js';
import { isLanguage, negotiateLanguage, translator } from '../i18n/index.js';

export const LANGUAGE_COOKIE = 'ramal_lang';

/** Puts the runtime's dependencies and a first guess of the language on the context. */
export function context(resolveDeps: (env: AppEnv['Bindings']) => Deps | Promise<Deps>) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const deps = await resolveDeps(c.env ?? {});
    c.set('deps', deps);
    const cookie = getCookie(c, LANGUAGE_COOKIE);
    const lang = isLanguage(cookie) ? cookie : negotiateLanguage(c.req.header('accept-language'), deps.config.RAMAL_LANGUAGE);
    c.set('lang', lang);
    c.set('t', translator(lang));
    await next();
  });
}
