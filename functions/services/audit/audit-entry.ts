import type { BatchItem, Db } from '../../db.js';
import { auditLog } from '../../../schema/index.js';
import { newId } from '../auth/random.js';
import type { Scope } from '../scope.js';
import { foldText } from '../table/fold.js';
import { LANGUAGES, translator, type MessageKey } from '../../i18n/index.js';

export interface AuditInput {
  action: 'create' | 'update' | 'delete' | 'sign-in' | 'sign-out' | 'revoke' | 'sync' | 'add-members' | 'remove-members' | 'password' | 'rotate';
  entityType: string;
  entityId?: string | null;
  summary: string;
}

/**
 * The folded text the audit log searches: besides the stored codes, the action and entity as
 * every language shows them, so "Criou", "Created" and "Creó" all find a creation.
 */
export function auditSearchText(actor: string, action: string, entityType: string, summary: string): string {
  const labels = LANGUAGES.flatMap((lang) => {
    const t = translator(lang);
    return [t(`audit.action.${action}` as MessageKey), t(`audit.entity.${entityType}` as MessageKey)];
  });
  return foldText([actor, action, entityType, ...new Set(labels), summary].join(' '));
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
    searchText: auditSearchText(scope.actor.name, input.action, input.entityType, input.summary.slice(0, 1000)),
    at,
  });
}
