import { eq, sql } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { permissionProfiles } from '../../../schema/index.js';
import type { FieldError } from '../../errors.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { listSites } from '../../services/sites/site-service.js';
import { createToken, revokeTokens, TokenCreateSchema, tokenListSpec } from '../../services/tokens/token-service.js';
import { IdsSchema } from '../../services/users/user-schemas.js';
import { errorsByField } from '../../views/form.js';
import { TokenCreatedPage, TokenFormPage, TokensListPage, type TokenFormValues } from '../../views/pages/tokens-pages.js';
import { doneRedirect } from './flash.js';
import { webList } from './list-page.js';
import { pageContext } from './page-context.js';
import { attempt, checkForm, formBody } from './read-form.js';

async function renderForm(c: Context<AppEnv>, values: TokenFormValues, fields: FieldError[]) {
  const v = await pageContext(c);
  const { db } = c.var.deps;
  const { scope } = auth(c);
  const [sites, profiles] = await Promise.all([
    listSites(db, scope),
    db.select({ id: permissionProfiles.id, name: permissionProfiles.name }).from(permissionProfiles).where(eq(permissionProfiles.orgId, scope.orgId)).orderBy(sql`${permissionProfiles.name} collate nocase`),
  ]);
  return c.html(<TokenFormPage v={v} values={values} errors={errorsByField(v, fields)} sites={sites} profiles={profiles} allSitesAllowed={scope.siteIds === null} />, fields.length ? 400 : 200);
}

export const tokenPages = new Hono<AppEnv>()
  .use('/tokens/*', requirePermission('system', 'configure'))
  .get('/tokens', requirePermission('system', 'configure'), (c) => {
    const spec = tokenListSpec(c.var.deps.db, auth(c).scope);
    return webList(c, spec, 'system', 'tokens.title', (v, page, fmt) => <TokensListPage v={v} page={page} fmt={fmt} columns={spec.columns} />);
  })
  .get('/tokens/new', (c) => renderForm(c, { name: '', kind: 'integration', siteId: '', profileId: '' }, []))
  .post('/tokens/new', async (c) => {
    const form = await formBody(c);
    const values: TokenFormValues = { name: String(form.name ?? ''), kind: String(form.kind ?? ''), siteId: String(form.siteId ?? ''), profileId: String(form.profileId ?? '') };
    const checked = checkForm(c, TokenCreateSchema, { name: values.name, kind: values.kind, siteId: values.siteId || null, profileId: values.profileId || undefined });
    const created = checked.ok ? await attempt(() => createToken(c.var.deps.db, auth(c).scope, checked.data, c.var.deps.now())) : checked;
    if (!created.ok) return renderForm(c, values, created.fields);
    c.header('cache-control', 'no-store');
    return c.html(<TokenCreatedPage v={await pageContext(c)} name={values.name} secret={created.value.secret} />, 201);
  })
  .post('/tokens/revoke', async (c) => {
    const checked = checkForm(c, IdsSchema, await formBody(c, ['ids']));
    if (!checked.ok) return doneRedirect(c, '/tokens', 'flash.selectSome');
    const n = await revokeTokens(c.var.deps.db, auth(c).scope, checked.data.ids, c.var.deps.now());
    return doneRedirect(c, '/tokens', 'flash.revoked', n);
  });
