import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../app-env.js';
import { ApiError, ERROR_STATUS, type ErrorCode } from '../errors.js';
import { isMessageKey, translateMaybe, type MessageKey } from '../i18n/index.js';
import { ErrorPage } from '../views/pages/error-page.js';
import { viewContext } from '../views/view-context.js';

/** What a page says for errors that carry no text of their own. */
const PAGE_TEXTS: Partial<Record<ErrorCode, MessageKey>> = {
  INTERNAL: 'error.internal',
  NOT_FOUND: 'error.notFoundText',
  FORBIDDEN: 'error.forbiddenText',
  BAD_REQUEST: 'error.badRequestText',
  PAYLOAD_TOO_LARGE: 'error.tooLargeText',
};

function isApi(c: Context<AppEnv>): boolean {
  return c.req.path.startsWith('/api/') || c.req.path === '/healthz';
}

/** The one place errors become responses: JSON under /api, a page elsewhere; unknown errors are logged. */
export function handleError(err: Error, c: Context<AppEnv>): Response | Promise<Response> {
  const requestId = c.var.requestId ?? 'unknown';
  let apiError: ApiError;
  if (err instanceof ApiError) apiError = err;
  else if (err instanceof HTTPException && err.status < 500) apiError = new ApiError(err.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', err.message || 'bad request');
  else {
    const log = c.var.deps?.log;
    const data = { requestId, method: c.req.method, path: c.req.path, error: err.message, stack: err.stack };
    if (log) log.error('unhandled error', data);
    else console.error(JSON.stringify({ level: 'error', msg: 'unhandled error', ...data }));
    apiError = new ApiError('INTERNAL', 'Something went wrong on our side. Quote the request id when reporting it.');
  }
  const status = ERROR_STATUS[apiError.code] as ContentfulStatusCode;
  if (apiError.retryAfter) c.header('retry-after', String(apiError.retryAfter));
  if (isApi(c) || !c.var.deps) {
    return c.json({ error: { code: apiError.code, message: apiError.message, requestId, fields: apiError.fields } }, status);
  }
  if (apiError.code === 'UNAUTHENTICATED' && c.req.method === 'GET') return c.redirect('/sign-in', 303);
  const v = viewContext(c);
  // The specific text when the error has one, else the one of its code; English only as a last resort.
  const key = apiError.messageKey ?? PAGE_TEXTS[apiError.code];
  const message = key && isMessageKey(key) ? v.t(key, apiError.messageParams) : apiError.message;
  const fields = apiError.fields?.map((f) => `${f.field}: ${translateMaybe(v.t, f.message)}`) ?? [];
  return c.html(<ErrorPage v={v} code={apiError.code} message={message} fields={fields} requestId={requestId} />, status);
}
