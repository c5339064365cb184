import { Hono } from 'hono';
import { z } from 'zod';
import { PROMPT_LANGUAGES } from '../../../schema/index.js';
import type { AppEnv } from '../../app-env.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { SiteSchema, SiteUpdateSchema } from '../../services/sites/site-schemas.js';
import { createSite, deleteSites, getSite, redactSite, siteListSpec, updateSite } from '../../services/sites/site-service.js';
import { ListQuerySchema } from '../../services/table/list-query.js';
import { IdsSchema } from '../../services/users/user-schemas.js';
import { respondList } from '../list-response.js';
import { validate } from '../validate.js';
import { apiDoc, listBody } from './openapi-helpers.js';

const Site = z
  .object({
    id: z.string(),
    name: z.string(),
    timeZone: z.string(),
    voicemailOwnCode: z.string(),
    voicemailOtherCode: z.string(),
    conferenceCode: z.string(),
    echoTestCode: z.string(),
    recorderCode: z.string(),
    promptLanguage: z.enum(PROMPT_LANGUAGES).meta({ description: "Language of the media node's prompts" }),
    sipAllowedAddresses: z.array(z.string()).meta({ description: 'IPs or CIDRs whose calls need no password (the PBX address is always allowed)' }),
    sipInbound: z
      .object({ username: z.string(), passwordSet: z.literal(true) })
      .nullable()
      .meta({ description: 'Digest credentials asked of other callers; null refuses them. The password is write-only.' }),
    sipTrunk: z
      .object({ register: z.boolean(), registrar: z.string(), username: z.string(), expiresSeconds: z.number().int(), passwordSet: z.literal(true) })
      .nullable()
      .meta({ description: 'The media node as a SIP trunk toward the PBX. The password is write-only.' }),
    mwiUnsolicited: z.boolean().meta({ description: 'The media node also sends message-waiting NOTIFYs to the PBX unasked (RFC 3842), for PBXs that light lamps that way' }),
    pbxHost: z.string(),
    pbxConnection: z.record(z.string(), z.unknown()),
    syncIntervalMinutes: z.number().int(),
    lastSyncAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Site' });
const IdParam = z.object({ id: z.string().min(1) });
const tags = ['sites'];

/** Site settings contain the PBX credentials, so every site route needs system.configure. */
export const sitesApi = new Hono<AppEnv>()
  .use(requirePermission('system', 'configure'))
  .get('/', apiDoc({ summary: 'List sites', tags, response: listBody(Site), exportable: true }), validate('query', ListQuerySchema), async (c) => {
    return respondList(c, siteListSpec(c.var.deps.db, auth(c).scope), c.req.valid('query'), 'system', 'sites.title', redactSite);
  })
  .post('/', apiDoc({ summary: 'Create a site', tags, response: Site, status: 201 }), validate('json', SiteSchema), async (c) => {
    const { db, now } = c.var.deps;
    const id = await createSite(db, auth(c).scope, c.req.valid('json'), now());
    return c.json(redactSite(await getSite(db, auth(c).scope, id)), 201);
  })
  .post('/delete', apiDoc({ summary: 'Delete several sites', tags }), validate('json', IdsSchema), async (c) => {
    await deleteSites(c.var.deps.db, auth(c).scope, c.req.valid('json').ids, c.var.deps.now());
    return c.body(null, 204);
  })
  .get('/:id', apiDoc({ summary: 'Get a site', tags, response: Site }), validate('param', IdParam), async (c) => {
    return c.json(redactSite(await getSite(c.var.deps.db, auth(c).scope, c.req.valid('param').id)));
  })
  .patch('/:id', apiDoc({ summary: 'Change a site', tags, response: Site }), validate('param', IdParam), validate('json', SiteUpdateSchema), async (c) => {
    const { db, now } = c.var.deps;
    const { id } = c.req.valid('param');
    await updateSite(db, auth(c).scope, id, c.req.valid('json'), now());
    return c.json(redactSite(await getSite(db, auth(c).scope, id)));
  })
  .delete('/:id', apiDoc({ summary: 'Delete a site', tags }), validate('param', IdParam), async (c) => {
    await deleteSites(c.var.deps.db, auth(c).scope, [c.req.valid('param').id], c.var.deps.now());
    return c.body(null, 204);
  });
