import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { emails, jobs } from '../../../schema/index.js';
import { ApiError, notFound } from '../../errors.js';
import type { MessageKey } from '../../i18n/index.js';
import { inScopeSites, type Scope } from '../scope.js';
import { formatDateTime } from '../table/format.js';
import type { ListSpec } from '../table/list-spec.js';
import type { MailProvider, MailStatus } from './mail-schemas.js';
import { EMAIL_SEND_JOB } from './send-mail.js';

export interface MailListRow {
  id: string;
  siteId: string | null;
  createdAt: Date;
  to: string[];
  cc: string[];
  subject: string;
  purpose: string;
  status: MailStatus;
  provider: MailProvider | null;
  providerMessageId: string | null;
  outboxFile: string | null;
  attempts: number;
  lastError: string | null;
  sentAt: Date | null;
}

export interface MailListFilter {
  status?: MailStatus | undefined;
}

/** Messages of organization-wide purpose have no site; an administrator limited to sites sees only theirs. */
function visible(scope: Scope): SQL | undefined {
  return inScopeSites(emails.siteId, scope);
}

export const statusKey = (status: MailStatus): MessageKey => `mail.status.${status}`;

export function mailListSpec(db: Db, scope: Scope, filter: MailListFilter = {}): ListSpec<MailListRow> {
  const base = (where: SQL | undefined) => and(eq(emails.orgId, scope.orgId), visible(scope), filter.status ? eq(emails.status, filter.status) : undefined, where);
  const select = () =>
    db
      .select({
        id: emails.id, siteId: emails.siteId, createdAt: emails.createdAt, to: emails.toAddresses, cc: emails.ccAddresses, subject: emails.subject, purpose: emails.purpose,
        status: emails.status, provider: emails.provider, providerMessageId: emails.providerMessageId, outboxFile: emails.outboxFile, attempts: emails.attempts,
        lastError: emails.lastError, sentAt: emails.sentAt,
      })
      .from(emails);
  return {
    defaultSort: '-createdAt',
    idColumn: emails.id,
    columns: [
      { key: 'createdAt', label: 'mail.time', sortBy: emails.createdAt, sortValue: (r) => r.createdAt.getTime(), text: (r, ctx) => formatDateTime(r.createdAt, ctx), width: 2 },
      { key: 'to', label: 'mail.to', search: emails.toAddresses, text: (r) => r.to.join(', '), width: 3 },
      { key: 'subject', label: 'mail.subject', sortBy: sql`${emails.subject} collate nocase`, sortValue: (r) => r.subject, search: emails.subject, text: (r) => r.subject, width: 4 },
      { key: 'purpose', label: 'mail.purpose', sortBy: emails.purpose, sortValue: (r) => r.purpose, search: emails.purpose, text: (r) => r.purpose, width: 2 },
      {
        key: 'status', label: 'mail.statusLabel', sortBy: emails.status, sortValue: (r) => r.status, search: emails.status,
        text: (r, ctx) => (r.lastError && r.status !== 'sent' ? `${ctx.t(statusKey(r.status))}: ${r.lastError}` : ctx.t(statusKey(r.status))), width: 3,
      },
      { key: 'provider', label: 'mail.provider', sortBy: sql`coalesce(${emails.provider}, '')`, sortValue: (r) => r.provider ?? '', text: (r, ctx) => (r.provider ? ctx.t(`mail.provider.${r.provider}`) : ''), width: 2 },
    ],
    fetch: (where, orderBy, limit, offset) => select().where(base(where)).orderBy(...orderBy).limit(limit).offset(offset),
    count: (where) => db.$count(emails, base(where)),
  };
}

export interface MailMessage extends MailListRow {
  attachments: { filename: string; contentType: string; size: number }[];
}

/** One message of the organization (within the actor's sites): its metadata, never its body. */
export async function getMailMessage(db: Db, scope: Scope, id: string): Promise<MailMessage> {
  const [row] = await db.select().from(emails).where(and(eq(emails.id, id), eq(emails.orgId, scope.orgId), visible(scope)));
  if (!row) throw notFound('e-mail');
  return {
    id: row.id, siteId: row.siteId, createdAt: row.createdAt, to: row.toAddresses, cc: row.ccAddresses, subject: row.subject, purpose: row.purpose,
    status: row.status, provider: row.provider, providerMessageId: row.providerMessageId, outboxFile: row.outboxFile, attempts: row.attempts, lastError: row.lastError,
    sentAt: row.sentAt, attachments: row.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size })),
  };
}

/**
 * Queues a failed message again with a fresh retry schedule. Its job (same id) is put back in the
 * queue, or made again when retention has removed it.
 */
export async function retryMailMessage(db: Db, scope: Scope, id: string, now: Date): Promise<MailMessage> {
  const message = await getMailMessage(db, scope, id);
  if (message.status !== 'failed') throw new ApiError('CONFLICT', `only a failed e-mail can be retried; this one is ${message.status}`, { messageKey: 'mail.err.notFailed' });
  const job = { status: 'queued' as const, runAt: now, attempts: 0, error: null, result: null, finishedAt: null, stopRequested: false, leaseOwner: null, leaseUntil: null };
  await db.batch([
    db.update(emails).set({ status: 'queued', attempts: 0, jobId: id }).where(and(eq(emails.id, id), eq(emails.orgId, scope.orgId), eq(emails.status, 'failed'))),
    db
      .insert(jobs)
      .values({ id, orgId: scope.orgId, siteId: message.siteId, kind: EMAIL_SEND_JOB, input: { emailId: id }, createdBy: scope.actor.id, createdAt: now, ...job })
      .onConflictDoUpdate({ target: jobs.id, set: job }),
  ]);
  return getMailMessage(db, scope, id);
}
