import type { BatchItem, Db } from '../../db.js';
import { auditLog } from '../../../schema/index.js';
import { newId } from '../auth/random.js';
import type { Scope } from '../scope.js';

export interface AuditInput {
  action: 'create' | 'update' | 'delete' | 'sign-in' | 'sign-out' | 'revoke' | 'sync' | 'add-members' | 'remove-members' | 'password';
  entityType: string;
  entityId?: string | null;
  summary: string;
}

/** An audit row to put in the same batch as the change it records, so one never exists without the other. */
export function auditEntry(db: Db, scope: Scope, input: AuditInput, at: Date): BatchItem {
  return db.insert(auditLog).values({
    id: newId(),
    orgId: scope.orgId,
    actorId: scope.actor.id,
    actorName: scope.actor.name,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId ?? null,
    summary: input.summary.slice(0, 1000),
    at,
  });
}
