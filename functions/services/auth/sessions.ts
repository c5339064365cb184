import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { sessions } from '../../../schema/index.js';
import { randomToken, sha256Hex } from './random.js';

/** Sessions end after this long without use; use renews them once half has passed. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;

export interface SessionRow {
  id: string;
  userId: string;
  orgId: string;
  expiresAt: Date;
}

/** Returns the cookie value; only its hash is stored, so a database leak does not leak sessions. */
export async function createSession(db: Db, userId: string, orgId: string, now: Date): Promise<string> {
  const token = randomToken(32);
  await db.insert(sessions).values({
    id: await sha256Hex(token),
    userId,
    orgId,
    expiresAt: new Date(now.getTime() + SESSION_IDLE_MS),
    createdAt: now,
  });
  // Expired sessions of anyone are swept here rather than by a timer, so both runtimes clean up.
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
  return token;
}

export async function findSession(db: Db, token: string, now: Date): Promise<SessionRow | null> {
  const id = await sha256Hex(token);
  const [row] = await db
    .select({ id: sessions.id, userId: sessions.userId, orgId: sessions.orgId, expiresAt: sessions.expiresAt })
    .from(sessions)
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now)));
  if (!row) return null;
  if (row.expiresAt.getTime() - now.getTime() < SESSION_IDLE_MS / 2) {
    row.expiresAt = new Date(now.getTime() + SESSION_IDLE_MS);
    await db.update(sessions).set({ expiresAt: row.expiresAt }).where(eq(sessions.id, id));
  }
  return row;
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, await sha256Hex(token)));
}

/** A password change signs the user out everywhere else. */
export async function deleteUserSessions(db: Db, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}
