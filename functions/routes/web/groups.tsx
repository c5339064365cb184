import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.js';
import type { FieldError } from '../../errors.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { addMembers, listMembers, removeMembers, saveMembers } from '../../services/groups/group-members.js';
import { groupListSpec } from '../../services/groups/group-list.js';
import { GroupSchema } from '../../services/groups/group-schemas.js';
import { createGroup, deleteGroups, getGroup, updateGroup } from '../../services/groups/group-write.js';
import { userListSpec } from '../../services/users/user-list.js';
import { IdsSchema } from '../../services/users/user-schemas.js';
import { errorsByField } from '../../views/form.js';
import { GroupAddMembersPage } from '../../views/pages/group-add-members-page.js';
import { GroupFormPage, GroupsListPage } from '../../views/pages/groups-pages.js';
import { doneRedirect } from './flash.js';
import { webList } from './list-page.js';
import { pageContext } from './page-context.js';
import { checkForm, formBody } from './read-form.js';

async function renderForm(c: Context<AppEnv>, groupId: string | null, values: { name: string; description: string }, fields: FieldError[]) {
  const v = await pageContext(c);
  const members = groupId ? await listMembers(c.var.deps.db, auth(c).scope, groupId) : null;
  return c.html(<GroupFormPage v={v} groupId={groupId} values={values} errors={errorsByField(v, fields)} members={members} />, fields.length ? 400 : 200);
}

const MemberRows = z.array(z.object({ userId: z.string().min(1), supervisor: z.boolean(), position: z.coerce.number().int().min(0).max(100_000) }));

export const groupPages = new Hono<AppEnv>()
  .get('/groups', requirePermission('system', 'view'), (c) => {
    const spec = groupListSpec(c.var.deps.db, auth(c).scope);
    return webList(c, spec, 'system', 'groups.title', (v, page, fmt) => <GroupsListPage v={v} page={page} fmt={fmt} columns={spec.columns} />);
  })
  .get('/groups/new', requirePermission('system', 'create'), (c) => renderForm(c, null, { name: '', description: '' }, []))
  .post('/groups/new', requirePermission('system', 'create'), async (c) => {
    const form = await formBody(c);
    const checked = checkForm(c, GroupSchema, form);
    if (!checked.ok) return renderForm(c, null, { name: String(form.name ?? ''), description: String(form.description ?? '') }, checked.fields);
    const id = await createGroup(c.var.deps.db, auth(c).scope, checked.data, c.var.deps.now());
    return doneRedirect(c, `/groups/${id}`, 'flash.saved');
  })
  .post('/groups/delete', requirePermission('system', 'delete'), async (c) => {
    const checked = checkForm(c, IdsSchema, await formBody(c, ['ids']));
    if (!checked.ok) return doneRedirect(c, '/groups', 'flash.selectSome');
    const n = await deleteGroups(c.var.deps.db, auth(c).scope, checked.data.ids, c.var.deps.now());
    return doneRedirect(c, '/groups', 'flash.deleted', n);
  })
  .get('/groups/:id', requirePermission('system', 'view'), async (c) => {
    const group = await getGroup(c.var.deps.db, auth(c).scope, c.req.param('id'));
    return renderForm(c, group.id, group, []);
  })
  .post('/groups/:id', requirePermission('system', 'edit'), async (c) => {
    const group = await getGroup(c.var.deps.db, auth(c).scope, c.req.param('id'));
    const form = await formBody(c);
    const checked = checkForm(c, GroupSchema, form);
    if (!checked.ok) return renderForm(c, group.id, { name: String(form.name ?? ''), description: String(form.description ?? '') }, checked.fields);
    await updateGroup(c.var.deps.db, auth(c).scope, group.id, checked.data, c.var.deps.now());
    return doneRedirect(c, `/groups/${group.id}`, 'flash.saved');
  })
  .post('/groups/:id/members', requirePermission('system', 'edit'), async (c) => {
    const form = await formBody(c, ['members']);
    const rows = (form.members as string[]).map((userId) => ({ userId, supervisor: form[`supervisor.${userId}`] === '1', position: form[`position.${userId}`] ?? 0 }));
    const checked = checkForm(c, MemberRows, rows);
    if (!checked.ok) return renderForm(c, c.req.param('id'), await getGroup(c.var.deps.db, auth(c).scope, c.req.param('id')), checked.fields);
    await saveMembers(c.var.deps.db, auth(c).scope, c.req.param('id'), checked.data, c.var.deps.now());
    return doneRedirect(c, `/groups/${c.req.param('id')}`, 'flash.saved');
  })
  .post('/groups/:id/members/remove', requirePermission('system', 'edit'), async (c) => {
    const id = c.req.param('id');
    const checked = checkForm(c, IdsSchema, await formBody(c, ['ids']));
    if (!checked.ok) return doneRedirect(c, `/groups/${id}`, 'flash.selectSome');
    const n = await removeMembers(c.var.deps.db, auth(c).scope, id, checked.data.ids, c.var.deps.now());
    return doneRedirect(c, `/groups/${id}`, 'flash.removed', n);
  })
  .get('/groups/:id/add', requirePermission('system', 'edit'), async (c) => {
    const group = await getGroup(c.var.deps.db, auth(c).scope, c.req.param('id'));
    const spec = userListSpec(c.var.deps.db, auth(c).scope);
    return webList(c, spec, 'system', 'users.title', (v, page, fmt) => <GroupAddMembersPage v={v} groupId={group.id} groupName={group.name} page={page} fmt={fmt} columns={spec.columns} />);
  })
  .post('/groups/:id/add', requirePermission('system', 'edit'), async (c) => {
    const id = c.req.param('id');
    const checked = checkForm(c, IdsSchema, await formBody(c, ['ids']));
    if (!checked.ok) return doneRedirect(c, `/groups/${id}/add`, 'flash.selectSome');
    const n = await addMembers(c.var.deps.db, auth(c).scope, id, checked.data.ids, c.var.deps.now());
    return doneRedirect(c, `/groups/${id}`, 'flash.added', n);
  });
