import { eq } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { signInAttempts, users } from '../../../schema/index.js';
import { ApiError } from '../../errors.js';
import { normalizeEmail } from '../users/email.js';
import { burnPasswordCheck, verifyPassword, type Kdf } from './password.js';

/** Failures before the account locks, and for how long. */
export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;
/** Each failure past the first waits longer before answering, up to this. */
const MAX_DELAY_MS = 2_000;

export interface SignInDeps {
  db: Db;
  kdf: Kdf;
  kdfCost: number;
  now: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Checks e-mail and password. Known and unknown e-mails take the same path (same KDF work, same
 * counters), so answers and timing do not reveal who has an account.
 */
export async function signIn(deps: SignInDeps, rawEmail: string, password: string): Promise<{ userId: string; orgId: string }> {
  const { db, kdf, now } = deps;
  const email = normalizeEmail(rawEmail);
  const [attempt] = await db.select().from(signInAttempts).where(eq(signInAttempts.email, email));
  const lockedUntil = attempt?.lockedUntil?.getTime() ?? 0;
  if (lockedUntil > now().getTime()) {
    const minutes = Math.ceil((lockedUntil - now().getTime()) / 60_000);
    throw new ApiError('LOCKED', `Too many failed sign-ins. Try again in ${minutes} minute(s).`, {
      retryAfter: Math.ceil((lockedUntil - now().getTime()) / 1000),
    });
  }
  const [user] = await db
    .select({ id: users.id, orgId: users.orgId, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, email));
  const ok = user?.passwordHash
    ? await verifyPassword(kdf, password, user.passwordHash)
    : (await burnPasswordCheck(kdf, password, deps.kdfCost), false);
  if (ok && user) {
    if (attempt) await db.delete(signInAttempts).where(eq(signInAttempts.email, email));
    return { userId: user.id, orgId: user.orgId };
  }
  const failures = (attempt?.failures ?? 0) + 1;
  const locks = failures >= MAX_FAILURES;
  const at = now();
  const values = {
    failures: locks ? 0 : failures,
    lockedUntil: locks ? new Date(at.getTime() + LOCK_MINUTES * 60_000) : null,
    lastFailureAt: at,
  };
  await db.insert(signInAttempts).values({ email, ...values }).onConflictDoUpdate({ target: signInAttempts.email, set: values });
  await (deps.sleep ?? realSleep)(Math.min(MAX_DELAY_MS, 250 * 2 ** (failures - 1)));
  if (locks) {
    throw new ApiError('LOCKED', `Too many failed sign-ins. Try again in ${LOCK_MINUTES} minute(s).`, { retryAfter: LOCK_MINUTES * 60 });
  }
  throw new ApiError('UNAUTHENTICATED', 'Wrong e-mail or password.');
}
