import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id, orgId, updatedAt } from './columns.js';

export const groups = sqliteTable(
  'groups',
  {
    id: id(),
    orgId: orgId(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('groups_org_name_idx').on(t.orgId, t.name)],
);

export const groupMembers = sqliteTable(
  'group_members',
  {
    groupId: text('group_id').notNull(),
    userId: text('user_id').notNull(),
    orgId: orgId(),
    /** A supervisor sees the messages, recordings and conferences of the group's users. */
    supervisor: integer('supervisor', { mode: 'boolean' }).notNull().default(false),
    /** Display order in the member list (manual 2.5.3: puts the supervisor first). */
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index('group_members_user_idx').on(t.userId)],
);
