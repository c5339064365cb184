import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { ListQuerySchema } from '../../services/table/list-query.js';
import { userListSpec } from '../../services/users/user-list.js';
import { getUser } from '../../services/users/user-read.js';
import { IdsSchema, UserCreateSchema, UserUpdateSchema } from '../../services/users/user-schemas.js';
import { createUser, deleteUsers, updateUser } from '../../services/users/user-write.js';
import { respondList } from '../list-response.js';
import { validate } from '../validate.js';
import { apiDoc, listBody } from './openapi-helpers.js';

const UserListItem = z
  .object({
    id: z.string(),
    fullName: z.string(),
    email: z.string(),
    profileName: z.string(),
    isOwner: z.boolean(),
    source: z.enum(['manual', 'sync']),
    extensions: z.array(z.string()),
    groups: z.array(z.string()),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'UserListItem' });

const User = z
  .object({
    id: z.string(),
    fullName: z.string(),
    email: z.string(),
    isOwner: z.boolean(),
    source: z.enum(['manual', 'sync']),
    language: z.string(),
    alternateEmail: z.string().nullable(),
    profile: z.object({ id: z.string(), name: z.string() }),
    siteIds: z.array(z.string()).nullable().meta({ description: 'null: every site of the organization' }),
    groups: z.array(z.object({ id: z.string(), name: z.string(), supervisor: z.boolean() })),
    extensions: z.array(z.object({ siteId: z.string(), number: z.string(), source: z.enum(['manual', 'sync']) })),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'User' });

const IdParam = z.object({ id: z.string().min(1) });
const tags = ['users'];

export const usersApi = new Hono<AppEnv>()
  .get('/', apiDoc({ summary: 'List users', tags, response: listBody(UserListItem), exportable: true }), requirePermission('system', 'view'), validate('query', ListQuerySchema), async (c) => {
    return respondList(c, userListSpec(c.var.deps.db, auth(c).scope), c.req.valid('query'), 'system', 'users.title');
  })
  .post('/', apiDoc({ summary: 'Create a user', tags, response: User, status: 201 }), requirePermission('system', 'create'), validate('json', UserCreateSchema), async (c) => {
    const { scope } = auth(c);
    const { db, kdf, config, now } = c.var.deps;
    const id = await createUser({ db, kdf, kdfCost: config.RAMAL_KDF_COST, now }, scope, c.req.valid('json'));
    return c.json(await getUser(db, scope, id), 201);
  })
  .post('/delete', apiDoc({ summary: 'Delete several users', tags }), requirePermission('system', 'delete'), validate('json', IdsSchema), async (c) => {
    await deleteUsers(c.var.deps.db, auth(c).scope, c.req.valid('json').ids, c.var.deps.now());
    return c.body(null, 204);
  })
  .get('/:id', apiDoc({ summary: 'Get a user', tags, response: User }), requirePermission('system', 'view'), validate('param', IdParam), async (c) => {
    return c.json(await getUser(c.var.deps.db, auth(c).scope, c.req.valid('param').id));
  })
  .patch('/:id', apiDoc({ summary: 'Change a user', tags, response: User }), requirePermission('system', 'edit'), validate('param', IdParam), validate('json', UserUpdateSchema), async (c) => {
    const { scope } = auth(c);
    const { db, kdf, config, now } = c.var.deps;
    const { id } = c.req.valid('param');
    await updateUser({ db, kdf, kdfCost: config.RAMAL_KDF_COST, now }, scope, id, c.req.valid('json'));
    return c.json(await getUser(db, scope, id));
  })
  .delete('/:id', apiDoc({ summary: 'Delete a user', tags }), requirePermission('system', 'delete'), validate('param', IdParam), async (c) => {
    await deleteUsers(c.var.deps.db, auth(c).scope, [c.req.valid('param').id], c.var.deps.now());
    return c.body(null, 204);
  });
