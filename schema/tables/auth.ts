import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id, orgId } from './columns.js';

/** Browser sessions; the cookie holds a random token, the table only its SHA-256. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    orgId: orgId(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** API tokens for integrations (with a permission profile) and for media nodes (site-bound). */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: id(),
    orgId: orgId(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['integration', 'node'] }).notNull(),
    siteId: text('site_id'),
    profileId: text('profile_id'),
    /** SHA-256 of the secret, hex; the secret itself is shown once. */
    tokenHash: text('token_hash').notNull().unique(),
    /** First characters of the secret so people can tell tokens apart. */
    prefix: text('prefix').notNull(),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('api_tokens_org_idx').on(t.orgId, t.name)],
);

/** Failed sign-ins per e-mail (known or not), for slow-down and temporary lock. */
export const signInAttempts = sqliteTable('sign_in_attempts', {
  email: text('email').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }),
  lastFailureAt: integer('last_failure_at', { mode: 'timestamp_ms' }),
});
