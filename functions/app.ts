import { Hono } from 'hono';
import type { AppEnv } from './app-env.js';
import type { Deps } from './deps.js';
import { ApiError } from './errors.js';
import { authenticate } from './middleware/auth.js';
import { context } from './middleware/context.js';
import { csrfProtection } from './middleware/csrf.js';
import { handleError } from './middleware/error-handler.js';
import { requestId } from './middleware/request-id.js';
import { securityHeaders } from './middleware/security-headers.js';
import { apiRoutes } from './routes/api/index.js';
import { assetRoutes } from './routes/assets.js';
import { healthRoutes } from './routes/health.js';
import { webRoutes } from './routes/web/index.js';

/** The part of workerd's ExecutionContext the app uses. */
export interface RuntimeContext {
  waitUntil(work: Promise<unknown>): void;
}

export interface AppOptions {
  /**
   * Builds (or hands out) the runtime's dependencies from its bindings; called per request, with
   * the request's execution context where the runtime has one (workerd).
   */
  resolveDeps: (env: AppEnv['Bindings'], executionCtx: RuntimeContext | null) => Deps | Promise<Deps>;
}

/** The whole central app, the same on Node and on workerd; only `resolveDeps` differs. */
export function createApp(options: AppOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError(handleError);
  app.use(requestId, securityHeaders, context(options.resolveDeps));
  app.route('/', healthRoutes);
  app.route('/', assetRoutes);
  app.use(authenticate, csrfProtection);
  app.route('/api/v1', apiRoutes);
  app.route('/', webRoutes);
  app.notFound(() => {
    throw new ApiError('NOT_FOUND', 'no such page or route');
  });
  return app;
}
