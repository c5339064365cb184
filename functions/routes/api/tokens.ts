import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { ListQuerySchema } from '../../services/table/list-query.js';
import { createToken, getToken, renameToken, revokeTokens, TokenCreateSchema, tokenListSpec, TokenUpdateSchema } from '../../services/tokens/token-service.js';
import { IdsSchema } from '../../services/users/user-schemas.js';
import { respondList } from '../list-response.js';
import { validate } from '../validate.js';
import { apiDoc, listBody } from './openapi-helpers.js';

const TokenListItem = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['integration', 'node']),
    prefix: z.string(),
    siteName: z.string().nullable(),
    profileName: z.string().nullable(),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ApiTokenListItem' });
const CreatedToken = z.object({ id: z.string(), secret: z.string().meta({ description: 'Shown only in this answer; store it now' }) }).meta({ id: 'CreatedApiToken' });
const IdParam = z.object({ id: z.string().min(1) });
const tags = ['API tokens'];

export const tokensApi = new Hono<AppEnv>()
  .use(requirePermission('system', 'configure'))
  .get('/', apiDoc({ summary: 'List API tokens', tags, response: listBody(TokenListItem), exportable: true }), validate('query', ListQuerySchema), async (c) => {
    return respondList(c, tokenListSpec(c.var.deps.db, auth(c).scope), c.req.valid('query'), 'system', 'tokens.title');
  })
  .post('/', apiDoc({ summary: 'Create an API token (the secret is in this answer only)', tags, response: CreatedToken, status: 201 }), validate('json', TokenCreateSchema), async (c) => {
    return c.json(await createToken(c.var.deps.db, auth(c).scope, c.req.valid('json'), c.var.deps.now()), 201);
  })
  .post('/revoke', apiDoc({ summary: 'Revoke several API tokens', tags }), validate('json', IdsSchema), async (c) => {
    await revokeTokens(c.var.deps.db, auth(c).scope, c.req.valid('json').ids, c.var.deps.now());
    return c.body(null, 204);
  })
  .get('/:id', apiDoc({ summary: 'Get an API token (never its secret)', tags, response: TokenListItem }), validate('param', IdParam), async (c) => {
    return c.json(await getToken(c.var.deps.db, auth(c).scope, c.req.valid('param').id));
  })
  .patch('/:id', apiDoc({ summary: 'Rename an API token', tags, response: TokenListItem }), validate('param', IdParam), validate('json', TokenUpdateSchema), async (c) => {
    const { db, now } = c.var.deps;
    const { id } = c.req.valid('param');
    await renameToken(db, auth(c).scope, id, c.req.valid('json').name, now());
    return c.json(await getToken(db, auth(c).scope, id));
  })
  .delete('/:id', apiDoc({ summary: 'Revoke an API token', tags }), validate('param', IdParam), async (c) => {
    await revokeTokens(c.var.deps.db, auth(c).scope, [c.req.valid('param').id], c.var.deps.now());
    return c.body(null, 204);
  });
