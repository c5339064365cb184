import { describeRoute, resolver } from 'hono-openapi';
import { z } from 'zod';

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable error code, e.g. VALIDATION, NOT_FOUND, FORBIDDEN' }),
      message: z.string(),
      requestId: z.string(),
      fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: 'Error' });

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: resolver(ErrorBody) } } });

/** A paginated list body: the rows of one page and where it sits in the whole result. */
export function listBody<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}

interface RouteDoc {
  summary: string;
  tags: string[];
  /** Absent for 204 answers. */
  response?: z.ZodType;
  status?: 200 | 201 | 202 | 204;
  /** Lists also answer text/csv and application/pdf when asked with format=. */
  exportable?: boolean;
  /** Routes open without a session or token. */
  open?: boolean;
  /** A request body the validators do not describe (e.g. a multipart upload). */
  requestBody?: { description: string; content: Record<string, { schema: Record<string, unknown> }> };
}

/** OpenAPI description of a route with Ramal's standard error answers. */
export function apiDoc(doc: RouteDoc) {
  const status = doc.status ?? (doc.response ? 200 : 204);
  const content: Record<string, { schema: ReturnType<typeof resolver> | { type: 'string'; format: 'binary' } }> = {};
  if (doc.response) content['application/json'] = { schema: resolver(doc.response) };
  if (doc.exportable) {
    content['text/csv'] = { schema: { type: 'string', format: 'binary' } };
    content['application/pdf'] = { schema: { type: 'string', format: 'binary' } };
  }
  return describeRoute({
    summary: doc.summary,
    tags: doc.tags,
    security: doc.open ? [] : [{ bearer: [] }, { session: [] }],
    ...(doc.requestBody ? { requestBody: doc.requestBody } : {}),
    responses: {
      [status]: { description: 'OK', ...(Object.keys(content).length ? { content } : {}) },
      400: errorResponse('Invalid input; `fields` names each wrong field and why'),
      ...(doc.open ? {} : { 401: errorResponse('Not signed in'), 403: errorResponse('Missing permission'), 404: errorResponse('Not found in your organization') }),
    },
  });
}
