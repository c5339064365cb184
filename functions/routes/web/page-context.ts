import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { organizationTimeZone } from '../../services/sites/site-service.js';
import { viewContext, type ViewContext } from '../../views/view-context.js';
import { takeFlash } from './flash.js';

/** The view context of a signed-in page: organization clock and any pending notice. */
export async function pageContext(c: Context<AppEnv>): Promise<ViewContext> {
  const scope = c.var.auth?.scope;
  const timeZone = scope ? await organizationTimeZone(c.var.deps.db, scope.orgId) : 'UTC';
  return { ...viewContext(c, timeZone), flash: takeFlash(c) };
}
