import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../../app-env.js';
import { ApiError } from '../../errors.js';
import { auth, SESSION_COOKIE } from '../../middleware/auth.js';
import { sha256Hex } from '../../services/auth/random.js';
import { updateOwnProfile } from '../../services/users/own-profile.js';
import { getUser } from '../../services/users/user-read.js';
import { OwnProfileSchema } from '../../services/users/user-schemas.js';
import { validate } from '../validate.js';
import { apiDoc } from './openapi-helpers.js';
import { z } from 'zod';

const Me = z
  .object({ id: z.string(), fullName: z.string(), email: z.string(), language: z.string(), alternateEmail: z.string().nullable(), isOwner: z.boolean(), permissions: z.record(z.string(), z.array(z.string())), all: z.boolean() })
  .meta({ id: 'Me' });
const tags = ['account'];

function userId(c: Parameters<typeof auth>[0]): string {
  const user = auth(c).user;
  if (!user) throw new ApiError('FORBIDDEN', 'API tokens have no account; sign in as a user');
  return user.id;
}

/** The signed-in user's own account: always allowed, whatever the profile. */
export const meApi = new Hono<AppEnv>()
  .get('/', apiDoc({ summary: 'Your own account and permissions', tags, response: Me }), async (c) => {
    const { scope } = auth(c);
    const user = await getUser(c.var.deps.db, { ...scope, siteIds: null }, userId(c));
    const { grants } = scope;
    return c.json({ id: user.id, fullName: user.fullName, email: user.email, language: user.language, alternateEmail: user.alternateEmail, isOwner: user.isOwner, permissions: grants.matrix, all: grants.all });
  })
  .patch('/', apiDoc({ summary: 'Change your name, language, alternate e-mail or password', tags }), validate('json', OwnProfileSchema), async (c) => {
    const { db, kdf, config, now } = c.var.deps;
    const cookie = getCookie(c, SESSION_COOKIE);
    await updateOwnProfile({ db, kdf, kdfCost: config.RAMAL_KDF_COST, now }, auth(c).scope, userId(c), c.req.valid('json'), cookie ? await sha256Hex(cookie) : null);
    return c.body(null, 204);
  });
