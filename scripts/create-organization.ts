/**
 * Adds another organization to a running deployment's database (operators hosting several
 * customers). Usage:
 *   npm run org:create -- --name "Hotel Sol" --admin-email admin@hotelsol.example \
 *     [--site "Main site"] [--time-zone America/Sao_Paulo] [--language pt-BR]
 * The administrator's password comes from RAMAL_ADMIN_PASSWORD or is generated and printed once.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseConfig } from '../functions/env.js';
import { ApiError } from '../functions/errors.js';
import { LANGUAGES, translateMaybe, translator } from '../functions/i18n/index.js';
import { buildNodeDeps } from '../functions/node.js';
import { createOrganization } from '../functions/services/organizations/create-organization.js';
import { TimeZoneSchema } from '../functions/services/sites/site-schemas.js';
import { EmailSchema } from '../functions/services/users/email.js';

const Args = z.object({
  name: z.string().trim().min(1),
  'admin-email': EmailSchema,
  site: z.string().trim().min(1).default('Main site'),
  'time-zone': TimeZoneSchema.default(Intl.DateTimeFormat().resolvedOptions().timeZone),
  language: z.enum(LANGUAGES).default('pt-BR'),
});

const { values } = parseArgs({
  options: { name: { type: 'string' }, 'admin-email': { type: 'string' }, site: { type: 'string' }, 'time-zone': { type: 'string' }, language: { type: 'string' } },
});
const args = Args.safeParse(values);
if (!args.success) {
  const t = translator('en');
  for (const issue of args.error.issues) console.error(`--${issue.path.join('.')}: ${translateMaybe(t, issue.message)}`);
  process.exit(2);
}
const config = parseConfig(process.env);
const deps = await buildNodeDeps(config);
const created = await createOrganization(deps.db, deps.kdf, config.RAMAL_KDF_COST, {
  name: args.data.name, siteName: args.data.site, timeZone: args.data['time-zone'], adminEmail: args.data['admin-email'],
  adminPassword: config.RAMAL_ADMIN_PASSWORD, language: args.data.language,
}).catch((err: Error) => {
  console.error(err instanceof ApiError && err.fields?.[0]?.message === 'err.emailTaken' ? `A user with e-mail ${args.data['admin-email']} already exists.` : err.message);
  process.exit(1);
});
console.log(`Created organization "${args.data.name}" (${created.orgId}) with administrator ${created.adminEmail}.`);
if (created.generatedPassword) console.log(`Administrator password (shown only now): ${created.generatedPassword}`);
