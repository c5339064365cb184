import { integer, text } from 'drizzle-orm/sqlite-core';

/** Primary keys are random UUIDs: ids leak nothing about volume and are safe across organizations. */
export const id = () => text('id').primaryKey();

/** Every tenant row carries its organization; services always filter on it. */
export const orgId = () => text('org_id').notNull();

/** Timestamps are stored as Unix milliseconds so sorting and ranges are plain integer work. */
export const createdAt = () => integer('created_at', { mode: 'timestamp_ms' }).notNull();
export const updatedAt = () => integer('updated_at', { mode: 'timestamp_ms' }).notNull();
