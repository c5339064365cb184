import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { ACTIONS, MODULES } from '../../services/auth/permissions.js';
import { profileListSpec } from '../../services/profiles/profile-list.js';
import { ProfileSchema, ProfileUpdateSchema } from '../../services/profiles/profile-schemas.js';
import { createProfile, deleteProfiles, getProfile, updateProfile } from '../../services/profiles/profile-write.js';
import { ListQuerySchema } from '../../services/table/list-query.js';
import { IdsSchema } from '../../services/users/user-schemas.js';
import { respondList } from '../list-response.js';
import { validate } from '../validate.js';
import { apiDoc, listBody } from './openapi-helpers.js';

const Matrix = z.partialRecord(z.enum(MODULES), z.array(z.enum(ACTIONS))).meta({ id: 'PermissionMatrix' });
const Profile = z.object({ id: z.string(), name: z.string(), description: z.string(), isDefault: z.boolean(), permissions: Matrix }).meta({ id: 'PermissionProfile' });
const ProfileListItem = Profile.extend({ users: z.number().int() }).meta({ id: 'PermissionProfileListItem' });
const IdParam = z.object({ id: z.string().min(1) });
const tags = ['permission profiles'];

export const profilesApi = new Hono<AppEnv>()
  .get('/', apiDoc({ summary: 'List permission profiles', tags, response: listBody(ProfileListItem), exportable: true }), requirePermission('system', 'view'), validate('query', ListQuerySchema), async (c) => {
    return respondList(c, profileListSpec(c.var.deps.db, auth(c).scope), c.req.valid('query'), 'system', 'profiles.title');
  })
  .post('/', apiDoc({ summary: 'Create a permission profile', tags, response: Profile, status: 201 }), requirePermission('system', 'create'), validate('json', ProfileSchema), async (c) => {
    const { db, now } = c.var.deps;
    const id = await createProfile(db, auth(c).scope, c.req.valid('json'), now());
    return c.json(await getProfile(db, auth(c).scope, id), 201);
  })
  .post('/delete', apiDoc({ summary: 'Delete several permission profiles', tags }), requirePermission('system', 'delete'), validate('json', IdsSchema), async (c) => {
    await deleteProfiles(c.var.deps.db, auth(c).scope, c.req.valid('json').ids, c.var.deps.now());
    return c.body(null, 204);
  })
  .get('/:id', apiDoc({ summary: 'Get a permission profile', tags, response: Profile }), requirePermission('system', 'view'), validate('param', IdParam), async (c) => {
    return c.json(await getProfile(c.var.deps.db, auth(c).scope, c.req.valid('param').id));
  })
  .patch('/:id', apiDoc({ summary: 'Change a permission profile', tags, response: Profile }), requirePermission('system', 'edit'), validate('param', IdParam), validate('json', ProfileUpdateSchema), async (c) => {
    const { db, now } = c.var.deps;
    const { id } = c.req.valid('param');
    await updateProfile(db, auth(c).scope, id, c.req.valid('json'), now());
    return c.json(await getProfile(db, auth(c).scope, id));
  })
  .delete('/:id', apiDoc({ summary: 'Delete a permission profile', tags }), requirePermission('system', 'delete'), validate('param', IdParam), async (c) => {
    await deleteProfiles(c.var.deps.db, auth(c).scope, [c.req.valid('param').id], c.var.deps.now());
    return c.body(null, 204);
  });
