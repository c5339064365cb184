import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { addMembers, listMembers, removeMembers, updateMember } from '../../services/groups/group-members.js';
import { groupListSpec } from '../../services/groups/group-list.js';
import { GroupSchema, GroupUpdateSchema, MemberIdsSchema, MemberUpdateSchema } from '../../services/groups/group-schemas.js';
import { createGroup, deleteGroups, getGroup, updateGroup } from '../../services/groups/group-write.js';
import { ListQuerySchema } from '../../services/table/list-query.js';
import { IdsSchema } from '../../services/users/user-schemas.js';
import { respondList } from '../list-response.js';
import { validate } from '../validate.js';
import { apiDoc, listBody } from './openapi-helpers.js';

const Member = z.object({ userId: z.string(), fullName: z.string(), email: z.string(), supervisor: z.boolean(), position: z.number().int() }).meta({ id: 'GroupMember' });
const Group = z
  .object({ id: z.string(), name: z.string(), description: z.string(), createdAt: z.iso.datetime(), updatedAt: z.iso.datetime(), members: z.array(Member) })
  .meta({ id: 'Group' });
const GroupListItem = z
  .object({ id: z.string(), name: z.string(), description: z.string(), members: z.number().int(), supervisors: z.string(), createdAt: z.iso.datetime() })
  .meta({ id: 'GroupListItem' });
const IdParam = z.object({ id: z.string().min(1) });
const MemberParam = z.object({ id: z.string().min(1), userId: z.string().min(1) });
const tags = ['groups'];

export const groupsApi = new Hono<AppEnv>()
  .get('/', apiDoc({ summary: 'List groups', tags, response: listBody(GroupListItem), exportable: true }), requirePermission('system', 'view'), validate('query', ListQuerySchema), async (c) => {
    return respondList(c, groupListSpec(c.var.deps.db, auth(c).scope), c.req.valid('query'), 'system', 'groups.title');
  })
  .post('/', apiDoc({ summary: 'Create a group', tags, response: Group, status: 201 }), requirePermission('system', 'create'), validate('json', GroupSchema), async (c) => {
    const { db, now } = c.var.deps;
    const { scope } = auth(c);
    const id = await createGroup(db, scope, c.req.valid('json'), now());
    return c.json({ ...(await getGroup(db, scope, id)), members: [] }, 201);
  })
  .post('/delete', apiDoc({ summary: 'Delete several groups', tags }), requirePermission('system', 'delete'), validate('json', IdsSchema), async (c) => {
    await deleteGroups(c.var.deps.db, auth(c).scope, c.req.valid('json').ids, c.var.deps.now());
    return c.body(null, 204);
  })
  .get('/:id', apiDoc({ summary: 'Get a group and its members', tags, response: Group }), requirePermission('system', 'view'), validate('param', IdParam), async (c) => {
    const { db } = c.var.deps;
    const { scope } = auth(c);
    const { id } = c.req.valid('param');
    return c.json({ ...(await getGroup(db, scope, id)), members: await listMembers(db, scope, id) });
  })
  .patch('/:id', apiDoc({ summary: 'Change a group', tags, response: Group }), requirePermission('system', 'edit'), validate('param', IdParam), validate('json', GroupUpdateSchema), async (c) => {
    const { db, now } = c.var.deps;
    const { scope } = auth(c);
    const { id } = c.req.valid('param');
    await updateGroup(db, scope, id, c.req.valid('json'), now());
    return c.json({ ...(await getGroup(db, scope, id)), members: await listMembers(db, scope, id) });
  })
  .delete('/:id', apiDoc({ summary: 'Delete a group', tags }), requirePermission('system', 'delete'), validate('param', IdParam), async (c) => {
    await deleteGroups(c.var.deps.db, auth(c).scope, [c.req.valid('param').id], c.var.deps.now());
    return c.body(null, 204);
  })
  .post('/:id/members', apiDoc({ summary: 'Add users to a group', tags }), requirePermission('system', 'edit'), validate('param', IdParam), validate('json', MemberIdsSchema), async (c) => {
    await addMembers(c.var.deps.db, auth(c).scope, c.req.valid('param').id, c.req.valid('json').userIds, c.var.deps.now());
    return c.body(null, 204);
  })
  .post('/:id/members/delete', apiDoc({ summary: 'Remove users from a group', tags }), requirePermission('system', 'edit'), validate('param', IdParam), validate('json', MemberIdsSchema), async (c) => {
    await removeMembers(c.var.deps.db, auth(c).scope, c.req.valid('param').id, c.req.valid('json').userIds, c.var.deps.now());
    return c.body(null, 204);
  })
  .patch('/:id/members/:userId', apiDoc({ summary: 'Make a member supervisor or move it in the list', tags }), requirePermission('system', 'edit'), validate('param', MemberParam), validate('json', MemberUpdateSchema), async (c) => {
    const { id, userId } = c.req.valid('param');
    await updateMember(c.var.deps.db, auth(c).scope, id, userId, c.req.valid('json'), c.var.deps.now());
    return c.body(null, 204);
  });
