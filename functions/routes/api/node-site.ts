import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { auth } from '../../middleware/auth.js';

/** The organization and site a node token is bound to (requireNodeToken has checked it has one). */
export function nodeSite(c: Context<AppEnv>): { orgId: string; siteId: string } {
  const { scope, token } = auth(c);
  return { orgId: scope.orgId, siteId: token!.siteId! };
}
