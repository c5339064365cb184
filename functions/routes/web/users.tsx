import { asc, eq, sql } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { groups, permissionProfiles } from '../../../schema/index.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { listSites } from '../../services/sites/site-service.js';
import { userListSpec } from '../../services/users/user-list.js';
import { getUser, type UserDetail } from '../../services/users/user-read.js';
import { IdsSchema, UserCreateSchema, UserUpdateSchema } from '../../services/users/user-schemas.js';
import { createUser, deleteUsers, updateUser } from '../../services/users/user-write.js';
import { errorsByField } from '../../views/form.js';
import { UserFormPage, type UserFormOptions, type UserFormValues } from '../../views/pages/user-form-page.js';
import { UsersListPage } from '../../views/pages/users-list-page.js';
import { doneRedirect } from './flash.js';
import { webList } from './list-page.js';
import { pageContext } from './page-context.js';
import { attempt, checkForm, formBody } from './read-form.js';
import type { FieldError } from '../../errors.js';

type FormOptions = Omit<UserFormOptions, 'profiles'> & { profiles: { id: string; name: string; isDefault: boolean }[] };

async function formOptions(c: Context<AppEnv>): Promise<FormOptions> {
  const { db } = c.var.deps;
  const { scope } = auth(c);
  const [profiles, groupRows, sites] = await Promise.all([
    db.select({ id: permissionProfiles.id, name: permissionProfiles.name, isDefault: permissionProfiles.isDefault }).from(permissionProfiles).where(eq(permissionProfiles.orgId, scope.orgId)).orderBy(sql`${permissionProfiles.name} collate nocase`),
    db.select({ id: groups.id, name: groups.name }).from(groups).where(eq(groups.orgId, scope.orgId)).orderBy(asc(groups.name)),
    listSites(db, scope),
  ]);
  return { profiles, groups: groupRows, sites };
}

function valuesOf(user: UserDetail | null, defaultProfileId: string): UserFormValues {
  return {
    fullName: user?.fullName ?? '',
    email: user?.email ?? '',
    emailConfirmation: user?.email ?? '',
    profileId: user?.profile.id ?? defaultProfileId,
    language: user?.language ?? 'pt-BR',
    alternateEmail: user?.alternateEmail ?? '',
    groupIds: user?.groups.map((g) => g.id) ?? [],
    siteMode: user?.siteIds ? 'some' : 'all',
    siteIds: user?.siteIds ?? [],
    extensions: Object.fromEntries(user?.extensions.map((e) => [e.siteId, e.number]) ?? []),
  };
}

/** The posted form in the shape the user schemas expect. */
function formInput(form: Record<string, unknown>, isNew: boolean): Record<string, unknown> {
  const text = (key: string) => (typeof form[key] === 'string' ? (form[key] as string) : '');
  const extensions = Object.entries(form)
    .filter(([key, value]) => key.startsWith('ext.') && typeof value === 'string' && value.trim() !== '')
    .map(([key, value]) => ({ siteId: key.slice(4), number: String(value).trim() }));
  return {
    fullName: text('fullName'),
    email: text('email'),
    emailConfirmation: text('emailConfirmation'),
    password: isNew || text('password') ? text('password') : undefined,
    passwordConfirmation: isNew || text('password') || text('passwordConfirmation') ? text('passwordConfirmation') : undefined,
    profileId: text('profileId') || undefined,
    language: text('language') || undefined,
    alternateEmail: text('alternateEmail') || null,
    groupIds: form.groupIds,
    siteIds: text('siteMode') === 'some' ? form.siteIds : null,
    extensions,
  };
}

function valuesFromForm(form: Record<string, unknown>, base: UserFormValues): UserFormValues {
  const input = formInput(form, false);
  return {
    ...base,
    fullName: String(input.fullName), email: String(input.email), emailConfirmation: String(input.emailConfirmation),
    profileId: String(input.profileId ?? base.profileId), language: String(input.language ?? base.language),
    alternateEmail: String(input.alternateEmail ?? ''), groupIds: form.groupIds as string[],
    siteMode: input.siteIds ? 'some' : 'all', siteIds: (form.siteIds as string[]) ?? [],
    extensions: Object.fromEntries((input.extensions as { siteId: string; number: string }[]).map((e) => [e.siteId, e.number])),
  };
}

async function renderForm(c: Context<AppEnv>, user: UserDetail | null, values: UserFormValues | null, fields: FieldError[]) {
  const v = await pageContext(c);
  const options = await formOptions(c);
  // Like the API, a new user gets the DEFAULT profile unless another is chosen (not the first by name).
  const defaultProfileId = (options.profiles.find((o) => o.isDefault) ?? options.profiles[0])?.id ?? '';
  return c.html(
    <UserFormPage v={v} userId={user?.id ?? null} isOwner={user?.isOwner ?? false} values={values ?? valuesOf(user, defaultProfileId)} errors={errorsByField(v, fields)} options={options} />,
    fields.length ? 400 : 200,
  );
}

const ARRAYS = ['groupIds', 'siteIds'];

export const userPages = new Hono<AppEnv>()
  .get('/users', requirePermission('system', 'view'), (c) => {
    const spec = userListSpec(c.var.deps.db, auth(c).scope);
    return webList(c, spec, 'system', 'users.title', (v, page, fmt) => <UsersListPage v={v} page={page} fmt={fmt} columns={spec.columns} canSync={v.can('system', 'configure')} />);
  })
  .get('/users/new', requirePermission('system', 'create'), (c) => renderForm(c, null, null, []))
  .post('/users/new', requirePermission('system', 'create'), async (c) => {
    const form = await formBody(c, ARRAYS);
    const checked = checkForm(c, UserCreateSchema, formInput(form, true));
    const { db, kdf, config, now } = c.var.deps;
    const saved = checked.ok ? await attempt(() => createUser({ db, kdf, kdfCost: config.RAMAL_KDF_COST, now }, auth(c).scope, checked.data)) : checked;
    if (saved.ok) return doneRedirect(c, '/users', 'flash.saved');
    return renderForm(c, null, valuesFromForm(form, valuesOf(null, '')), saved.fields);
  })
  .post('/users/delete', requirePermission('system', 'delete'), async (c) => {
    const checked = checkForm(c, IdsSchema, await formBody(c, ['ids']));
    if (!checked.ok) return doneRedirect(c, '/users', 'flash.selectSome');
    const n = await deleteUsers(c.var.deps.db, auth(c).scope, checked.data.ids, c.var.deps.now());
    return doneRedirect(c, '/users', 'flash.deleted', n);
  })
  .get('/users/:id', requirePermission('system', 'view'), async (c) => renderForm(c, await getUser(c.var.deps.db, auth(c).scope, c.req.param('id')), null, []))
  .post('/users/:id', requirePermission('system', 'edit'), async (c) => {
    const user = await getUser(c.var.deps.db, auth(c).scope, c.req.param('id'));
    const form = await formBody(c, ARRAYS);
    const input = formInput(form, false);
    if (user.isOwner) {
      // The administrator keeps all permissions and every site; those fields are not on its form.
      delete input.profileId;
      delete input.siteIds;
    }
    const checked = checkForm(c, UserUpdateSchema, input);
    const { db, kdf, config, now } = c.var.deps;
    const saved = checked.ok ? await attempt(() => updateUser({ db, kdf, kdfCost: config.RAMAL_KDF_COST, now }, auth(c).scope, user.id, checked.data)) : checked;
    if (saved.ok) return doneRedirect(c, '/users', 'flash.saved');
    return renderForm(c, user, valuesFromForm(form, valuesOf(user, user.profile.id)), saved.fields);
  });
