import { and, eq, sql } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { mailboxes } from '../../../schema/index.js';
import { hashPassword, verifyPassword } from '../auth/password.js';
import { ensureMailboxItem, type MailboxContext } from './mailbox-service.js';
import type { PinCheckResult } from './node-voicemail-contract.js';

/** Wrong PINs in a row before the mailbox refuses every PIN for a while. */
export const PIN_MAX_FAILURES = 5;
export const PIN_LOCK_MS = 15 * 60_000;

type PinDeps = Pick<Deps, 'db' | 'kdf' | 'config' | 'now'>;

/**
 * Checks a PIN typed on a phone. Wrong ones are counted in the database (one atomic update, so
 * two calls guessing at once cannot both slip past the limit); the fifth locks the mailbox for
 * 15 minutes and starts a fresh count. A mailbox without a PIN never opens by phone: its owner
 * sets one in the web profile first.
 */
export async function checkPin(deps: PinDeps, ctx: MailboxContext, pin: string): Promise<PinCheckResult> {
  const now = deps.now();
  const mailbox = ctx.mailbox;
  if (mailbox?.pinLockedUntil && mailbox.pinLockedUntil > now) {
    return { valid: false, locked: true, lockedUntil: mailbox.pinLockedUntil.toISOString(), attemptsLeft: 0 };
  }
  if (!mailbox?.pinHash) return { valid: false, locked: false, lockedUntil: null, attemptsLeft: PIN_MAX_FAILURES };
  if (await verifyPassword(deps.kdf, pin, mailbox.pinHash)) {
    if (mailbox.pinFailures || mailbox.pinLockedUntil) await deps.db.update(mailboxes).set({ pinFailures: 0, pinLockedUntil: null, updatedAt: now }).where(eq(mailboxes.id, mailbox.id));
    return { valid: true, locked: false, lockedUntil: null, attemptsLeft: PIN_MAX_FAILURES };
  }
  const reaches = sql`${mailboxes.pinFailures} + 1 >= ${PIN_MAX_FAILURES}`;
  const [after] = await deps.db
    .update(mailboxes)
    .set({
      pinFailures: sql`case when ${reaches} then 0 else ${mailboxes.pinFailures} + 1 end`,
      pinLockedUntil: sql`case when ${reaches} then ${now.getTime() + PIN_LOCK_MS} else null end`,
      updatedAt: now,
    })
    .where(eq(mailboxes.id, mailbox.id))
    .returning({ pinFailures: mailboxes.pinFailures, pinLockedUntil: mailboxes.pinLockedUntil });
  if (after?.pinLockedUntil) return { valid: false, locked: true, lockedUntil: after.pinLockedUntil.toISOString(), attemptsLeft: 0 };
  return { valid: false, locked: false, lockedUntil: null, attemptsLeft: PIN_MAX_FAILURES - (after?.pinFailures ?? 0) };
}

/** Sets a mailbox's PIN (by phone after a good PIN, or from the web profile); clears any lock. */
export async function setPin(deps: PinDeps, ctx: MailboxContext, pin: string): Promise<void> {
  const now = deps.now();
  const pinHash = await hashPassword(deps.kdf, pin, deps.config.RAMAL_KDF_COST);
  const { item } = await ensureMailboxItem(deps.db, ctx.site.orgId, ctx.site.id, ctx.extension, now);
  const set = deps.db.update(mailboxes).set({ pinHash, pinFailures: 0, pinLockedUntil: null, updatedAt: now });
  await deps.db.batch([item, set.where(and(eq(mailboxes.siteId, ctx.site.id), eq(mailboxes.extension, ctx.extension)))]);
}
