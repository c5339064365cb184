import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../../app-env.js';
import type { FieldError } from '../../errors.js';
import { isLanguage } from '../../i18n/index.js';
import { auth, SESSION_COOKIE } from '../../middleware/auth.js';
import { rememberLanguage } from '../../middleware/context.js';
import { sha256Hex } from '../../services/auth/random.js';
import { updateOwnProfile } from '../../services/users/own-profile.js';
import { getUser } from '../../services/users/user-read.js';
import { OwnProfileSchema } from '../../services/users/user-schemas.js';
import { errorsByField } from '../../views/form.js';
import { AccountPage, type AccountValues } from '../../views/pages/account-page.js';
import { doneRedirect } from './flash.js';
import { pageContext } from './page-context.js';
import { attempt, checkForm, formBody } from './read-form.js';

async function render(c: Context<AppEnv>, values: AccountValues | null, fields: FieldError[]) {
  const v = await pageContext(c);
  const { scope, user } = auth(c);
  const me = values ?? (await getUser(c.var.deps.db, { ...scope, siteIds: null }, user!.id));
  const shown: AccountValues = { fullName: me.fullName, email: me.email, language: me.language, alternateEmail: me.alternateEmail ?? '' };
  return c.html(<AccountPage v={v} values={shown} errors={errorsByField(v, fields)} />, fields.length ? 400 : 200);
}

export const accountPages = new Hono<AppEnv>()
  .get('/account', (c) => render(c, null, []))
  .post('/account', async (c) => {
    const { scope, user } = auth(c);
    const form = await formBody(c);
    const values: AccountValues = { fullName: String(form.fullName ?? ''), email: user!.email, language: String(form.language ?? ''), alternateEmail: String(form.alternateEmail ?? '') };
    const checked = checkForm(c, OwnProfileSchema, {
      fullName: form.fullName, language: form.language, alternateEmail: form.alternateEmail ?? '',
      currentPassword: form.currentPassword || undefined, password: form.password ?? '', passwordConfirmation: form.passwordConfirmation ?? '',
    });
    const { db, kdf, config, now } = c.var.deps;
    const cookie = getCookie(c, SESSION_COOKIE);
    const saved = checked.ok
      ? await attempt(async () => updateOwnProfile({ db, kdf, kdfCost: config.RAMAL_KDF_COST, now }, scope, user!.id, checked.data, cookie ? await sha256Hex(cookie) : null))
      : checked;
    if (!saved.ok) return render(c, values, saved.fields);
    if (isLanguage(values.language)) rememberLanguage(c, values.language);
    return doneRedirect(c, '/account', 'flash.saved');
  });
