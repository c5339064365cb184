import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { ApiError, fieldError } from '../../errors.js';
import { isLanguage } from '../../i18n/index.js';
import { rememberLanguage } from '../../middleware/context.js';
import { users } from '../../../schema/index.js';
import { eq } from 'drizzle-orm';
import { SignInPage } from '../../views/pages/sign-in-page.js';
import { viewContext } from '../../views/view-context.js';
import { endSession, startSession } from '../session-cookie.js';
import { formBody } from './read-form.js';
import { safeNext } from './safe-next.js';

/** Sign-in, sign-out and the language menu: the pages reachable without a session. */
export const sessionPages = new Hono<AppEnv>()
  .get('/sign-in', (c) => {
    if (c.var.auth?.user) return c.redirect(safeNext(c.req.query('next')), 303);
    return c.html(<SignInPage v={viewContext(c)} email="" error={null} next={safeNext(c.req.query('next'))} />);
  })
  .post('/sign-in', async (c) => {
    const form = await formBody(c);
    const email = typeof form.email === 'string' ? form.email : '';
    const next = safeNext(form.next);
    try {
      const { language } = await startSession(c, email, typeof form.password === 'string' ? form.password : '');
      if (isLanguage(language)) rememberLanguage(c, language);
      return c.redirect(next, 303);
    } catch (err) {
      if (!(err instanceof ApiError) || (err.code !== 'UNAUTHENTICATED' && err.code !== 'LOCKED')) throw err;
      const v = viewContext(c);
      const minutes = Math.ceil((err.retryAfter ?? 60) / 60);
      const message = err.code === 'LOCKED' ? v.t('signIn.locked', { minutes }) : v.t('signIn.wrong');
      return c.html(<SignInPage v={v} email={email} error={message} next={next} />, err.code === 'LOCKED' ? 429 : 401);
    }
  })
  .post('/sign-out', async (c) => {
    await endSession(c);
    return c.redirect('/sign-in', 303);
  })
  .post('/language', async (c) => {
    const form = await formBody(c);
    if (!isLanguage(form.language)) throw fieldError('language', 'err.language');
    rememberLanguage(c, form.language);
    const user = c.var.auth?.user;
    // Kept per user, so it follows them to other browsers and phones.
    if (user) await c.var.deps.db.update(users).set({ language: form.language }).where(eq(users.id, user.id));
    return c.redirect(safeNext(form.next), 303);
  });
