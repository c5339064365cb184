import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import type { FieldError } from '../../errors.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { MODULES } from '../../services/auth/permissions.js';
import { profileListSpec } from '../../services/profiles/profile-list.js';
import { ProfileSchema } from '../../services/profiles/profile-schemas.js';
import { createProfile, deleteProfiles, getProfile, updateProfile } from '../../services/profiles/profile-write.js';
import { IdsSchema } from '../../services/users/user-schemas.js';
import { errorsByField } from '../../views/form.js';
import { ProfileFormPage, ProfilesListPage, type ProfileFormValues } from '../../views/pages/profiles-pages.js';
import { doneRedirect } from './flash.js';
import { webList } from './list-page.js';
import { pageContext } from './page-context.js';
import { attempt, checkForm, formBody } from './read-form.js';

const PERM_FIELDS = MODULES.map((m) => `perm.${m}`);

function formInput(form: Record<string, unknown>): { name: unknown; description: unknown; permissions: Record<string, unknown> } {
  return {
    name: form.name,
    description: form.description ?? '',
    permissions: Object.fromEntries(MODULES.map((m) => [m, form[`perm.${m}`]])),
  };
}

async function renderForm(c: Context<AppEnv>, profileId: string | null, values: ProfileFormValues, fields: FieldError[]) {
  const v = await pageContext(c);
  return c.html(<ProfileFormPage v={v} profileId={profileId} values={values} errors={errorsByField(v, fields)} />, fields.length ? 400 : 200);
}

function valuesFromForm(form: Record<string, unknown>, isDefault: boolean): ProfileFormValues {
  const input = formInput(form);
  return { name: String(input.name ?? ''), description: String(input.description ?? ''), permissions: input.permissions as ProfileFormValues['permissions'], isDefault };
}

export const profilePages = new Hono<AppEnv>()
  .get('/profiles', requirePermission('system', 'view'), (c) => {
    const spec = profileListSpec(c.var.deps.db, auth(c).scope);
    return webList(c, spec, 'system', 'profiles.title', (v, page, fmt) => <ProfilesListPage v={v} page={page} fmt={fmt} columns={spec.columns} />);
  })
  .get('/profiles/new', requirePermission('system', 'create'), (c) => renderForm(c, null, { name: '', description: '', permissions: {}, isDefault: false }, []))
  .post('/profiles/new', requirePermission('system', 'create'), async (c) => {
    const form = await formBody(c, PERM_FIELDS);
    const checked = checkForm(c, ProfileSchema, formInput(form));
    const saved = checked.ok ? await attempt(() => createProfile(c.var.deps.db, auth(c).scope, checked.data, c.var.deps.now())) : checked;
    if (saved.ok) return doneRedirect(c, '/profiles', 'flash.saved');
    return renderForm(c, null, valuesFromForm(form, false), saved.fields);
  })
  .post('/profiles/delete', requirePermission('system', 'delete'), async (c) => {
    const checked = checkForm(c, IdsSchema, await formBody(c, ['ids']));
    if (!checked.ok) return doneRedirect(c, '/profiles', 'flash.selectSome');
    const n = await deleteProfiles(c.var.deps.db, auth(c).scope, checked.data.ids, c.var.deps.now());
    return doneRedirect(c, '/profiles', 'flash.deleted', n);
  })
  .get('/profiles/:id', requirePermission('system', 'view'), async (c) => {
    const profile = await getProfile(c.var.deps.db, auth(c).scope, c.req.param('id'));
    return renderForm(c, profile.id, profile, []);
  })
  .post('/profiles/:id', requirePermission('system', 'edit'), async (c) => {
    const profile = await getProfile(c.var.deps.db, auth(c).scope, c.req.param('id'));
    const form = await formBody(c, PERM_FIELDS);
    const checked = checkForm(c, ProfileSchema, formInput(form));
    const saved = checked.ok ? await attempt(() => updateProfile(c.var.deps.db, auth(c).scope, profile.id, checked.data, c.var.deps.now())) : checked;
    if (saved.ok) return doneRedirect(c, '/profiles', 'flash.saved');
    return renderForm(c, profile.id, valuesFromForm(form, profile.isDefault), saved.fields);
  });
