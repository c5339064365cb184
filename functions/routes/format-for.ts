import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import { INTL_LOCALE } from '../i18n/index.js';
import { organizationTimeZone } from '../services/sites/site-service.js';
import type { FormatContext } from '../services/table/list-spec.js';
import { auth } from '../middleware/auth.js';

/** Language and clock for formatting values shown to the caller. */
export async function formatFor(c: Context<AppEnv>): Promise<FormatContext> {
  const timeZone = await organizationTimeZone(c.var.deps.db, auth(c).scope.orgId);
  return { locale: INTL_LOCALE[c.var.lang], timeZone, t: c.var.t };
}
