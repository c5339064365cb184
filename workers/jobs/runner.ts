import { and, eq, sql } from 'drizzle-orm';
import type { Deps } from '../../functions/deps.js';
import { ApiError } from '../../functions/errors.js';
import type { JobRow } from '../../functions/services/jobs/job-queue.js';
import { NODE_JOB_PREFIX } from '../../functions/services/jobs/node-jobs-contract.js';
import { jobs } from '../../schema/index.js';

export interface JobContext {
  deps: Deps;
  job: JobRow;
  /** Records progress and renews the lease, so a long job is not taken over while alive. */
  progress: (done: number, total: number) => Promise<void>;
  shouldStop: () => Promise<boolean>;
}

export interface JobOutcome {
  result: Record<string, unknown>;
  stopped?: boolean;
}

export type JobHandler = (ctx: JobContext) => Promise<JobOutcome>;

/**
 * Thrown by a handler whose work failed for now (a mail server or CRM down): the job goes back to
 * the queue until `at`, its message shown as the job's last error. Any other error fails the job.
 */
export class RetryJob extends Error {
  override readonly name = 'RetryJob';
  constructor(
    message: string,
    readonly at: Date,
    /** Kept as the job's result while it waits, e.g. the attempt count shown in the UI. */
    readonly result: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface RunnerOptions {
  /** Identifies this runner in the lease; two runners never hold the same job. */
  owner: string;
  leaseMs?: number;
}

/**
 * Takes the next due job, or one whose runner died (lease expired), in ONE update statement, so
 * two runners polling at once cannot both get it.
 */
export async function claimJob(deps: Deps, owner: string, leaseMs: number): Promise<JobRow | null> {
  const now = deps.now().getTime();
  // `node:` jobs belong to a site's media node (services/jobs/node-jobs-contract.ts), never to us.
  const next = sql`(select id from ${jobs} where ((status = 'queued' and run_at <= ${now}) or (status = 'running' and lease_until < ${now})) and kind not like ${`${NODE_JOB_PREFIX}%`} order by run_at limit 1)`;
  const [job] = await deps.db
    .update(jobs)
    .set({ status: 'running', leaseOwner: owner, leaseUntil: new Date(now + leaseMs), attempts: sql`${jobs.attempts} + 1` })
    .where(eq(jobs.id, next))
    .returning();
  return job ?? null;
}

/** Runs one due job if there is one; returns whether it did. */
export async function runNextJob(deps: Deps, handlers: Record<string, JobHandler>, options: RunnerOptions): Promise<boolean> {
  const leaseMs = options.leaseMs ?? 60_000;
  const job = await claimJob(deps, options.owner, leaseMs);
  if (!job) return false;
  const mine = and(eq(jobs.id, job.id), eq(jobs.leaseOwner, options.owner));
  const handler = handlers[job.kind];
  if (!handler) {
    await deps.db.update(jobs).set({ status: 'failed', error: `no handler for job kind ${job.kind}`, finishedAt: deps.now() }).where(mine);
    return true;
  }
  const ctx: JobContext = {
    deps,
    job,
    progress: async (done, total) => {
      await deps.db.update(jobs).set({ progressDone: done, progressTotal: total, leaseUntil: new Date(deps.now().getTime() + leaseMs) }).where(mine);
    },
    shouldStop: async () => {
      const [row] = await deps.db.select({ stop: jobs.stopRequested }).from(jobs).where(eq(jobs.id, job.id));
      return row?.stop ?? true;
    },
  };
  try {
    const outcome = await handler(ctx);
    await deps.db.update(jobs).set({ status: outcome.stopped ? 'stopped' : 'done', result: outcome.result, leaseUntil: null, finishedAt: deps.now() }).where(mine);
  } catch (err) {
    if (err instanceof RetryJob) {
      await deps.db.update(jobs).set({ status: 'queued', runAt: err.at, error: err.message, result: err.result, leaseOwner: null, leaseUntil: null }).where(mine);
      return true;
    }
    const message = err instanceof Error ? err.message : String(err);
    const detail = err instanceof ApiError && err.messageKey ? { errorKey: err.messageKey, errorParams: err.messageParams ?? {} } : {};
    // A failure with a code (a mail server's refusal, a PBX that is down) is the job's outcome,
    // shown in the UI; only an unexpected throw is a bug worth a stack trace.
    const expected = err instanceof ApiError || (err instanceof Error && typeof (err as { code?: unknown }).code === 'string');
    if (expected) deps.log.warn('job failed', { jobId: job.id, kind: job.kind, error: message });
    else deps.log.error('job failed', { jobId: job.id, kind: job.kind, error: message, stack: err instanceof Error ? err.stack : undefined });
    await deps.db.update(jobs).set({ status: 'failed', error: message, result: detail, leaseUntil: null, finishedAt: deps.now() }).where(mine);
  }
  return true;
}

/**
 * Drains due jobs until none is left, `concurrency` at a time, so one slow job (a CRM that takes
 * its full 15 s to time out) does not hold up every other delivery and e-mail behind it.
 */
export async function runDueJobs(deps: Deps, handlers: Record<string, JobHandler>, options: RunnerOptions & { concurrency?: number }): Promise<number> {
  let count = 0;
  const lane = async () => {
    while (await runNextJob(deps, handlers, options)) count++;
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, lane));
  return count;
}
