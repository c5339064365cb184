import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { auditLog } from '../../../schema/index.js';
import type { Scope } from '../scope.js';
import { formatDateTime } from '../table/format.js';
import { foldedColumn, type ListSpec } from '../table/list-spec.js';

export type AuditRow = typeof auditLog.$inferSelect;

export function auditListSpec(db: Db, scope: Scope): ListSpec<AuditRow> {
  const base = (where: SQL | undefined) => and(eq(auditLog.orgId, scope.orgId), where);
  return {
    defaultSort: '-at',
    idColumn: auditLog.id,
    columns: [
      { key: 'at', label: 'audit.at', sortBy: auditLog.at, sortValue: (r) => r.at.getTime(), text: (r, ctx) => formatDateTime(r.at, ctx), width: 2 },
      { key: 'actor', label: 'audit.actor', sortBy: sql`${auditLog.actorName} collate nocase`, sortValue: (r) => r.actorName, text: (r) => r.actorName, width: 2 },
      { key: 'action', label: 'audit.action', sortBy: auditLog.action, sortValue: (r) => r.action, text: (r, ctx) => ctx.t(`audit.action.${r.action}` as never), width: 2 },
      { key: 'entity', label: 'audit.entity', sortBy: auditLog.entityType, sortValue: (r) => r.entityType, text: (r, ctx) => ctx.t(`audit.entity.${r.entityType}` as never), width: 2 },
      { key: 'summary', label: 'audit.summary', search: foldedColumn(auditLog.searchText), text: (r) => r.summary, width: 6 },
    ],
    fetch: (where, orderBy, limit, offset) => db.select().from(auditLog).where(base(where)).orderBy(...orderBy).limit(limit).offset(offset),
    count: (where) => db.$count(auditLog, base(where)),
  };
}
