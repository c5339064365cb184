import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id } from './columns.js';

export const organizations = sqliteTable('organizations', {
  id: id(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});
