import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import { INTL_LOCALE, type Language, type Translate } from '../i18n/index.js';
import type { SignedInUser } from '../services/auth/actor.js';
import { can, type Action, type Module } from '../services/auth/permissions.js';
import type { Scope } from '../services/scope.js';
import type { FormatContext } from '../services/table/list-spec.js';

/** What every page needs to render: language, the signed-in user and their grants, the form token. */
export interface ViewContext {
  t: Translate;
  lang: Language;
  locale: string;
  timeZone: string;
  csrf: string;
  path: string;
  user: SignedInUser | null;
  scope: Scope | null;
  can: (module: Module, action: Action) => boolean;
  flash: string | null;
}

export function viewContext(c: Context<AppEnv>, timeZone = 'UTC'): ViewContext {
  const scope = c.var.auth?.scope ?? null;
  return {
    t: c.var.t,
    lang: c.var.lang,
    locale: INTL_LOCALE[c.var.lang],
    timeZone,
    csrf: c.var.csrfToken,
    path: new URL(c.req.url).pathname,
    user: c.var.auth?.user ?? null,
    scope,
    can: (module, action) => (scope ? can(scope.grants, module, action) : false),
    flash: null,
  };
}

export function formatContext(view: ViewContext): FormatContext {
  return { locale: view.locale, timeZone: view.timeZone, t: view.t };
}
