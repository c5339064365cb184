import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.js';
import { endSession, startSession } from '../session-cookie.js';
import { validate } from '../validate.js';
import { apiDoc } from './openapi-helpers.js';

const SignIn = z.object({ email: z.string().trim().min(1).max(254), password: z.string().min(1).max(200) });
const SessionBody = z.object({ userId: z.string(), language: z.string() }).meta({ id: 'Session' });
const tags = ['session'];

export const sessionApi = new Hono<AppEnv>()
  .post('/', apiDoc({ summary: 'Sign in; answers with the session cookie', tags, response: SessionBody, open: true }), validate('json', SignIn), async (c) => {
    const { email, password } = c.req.valid('json');
    return c.json(await startSession(c, email, password));
  })
  .delete('/', apiDoc({ summary: 'Sign out', tags, open: true }), async (c) => {
    await endSession(c);
    return c.body(null, 204);
  });
