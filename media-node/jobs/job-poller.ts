import { JobLostError, type JobsClient, type NodeJob, type NodeJobProgressReport } from '../central/jobs-client.js';
import type { NodeLogger } from '../log.js';
import type { NodeJobContext, NodeJobHandler } from './node-job.js';

export interface JobPollerOptions {
  jobs: JobsClient;
  handlers: Record<string, NodeJobHandler>;
  log: NodeLogger;
  /** Between two claims when there was nothing to do (default 5 s); after a finish it claims at once. */
  intervalMs?: number;
  /** The latest progress is re-sent when nothing went for this long (default 15 s; the lease is 60 s). */
  keepaliveMs?: number;
  /** Handler reports closer together than this are kept and sent later (default 1 s). */
  throttleMs?: number;
}

/**
 * Claims the site's node jobs and runs them one at a time. On shutdown the running job is aborted
 * without a finish: its lease runs out and this node (same token) claims it back after restart,
 * resuming from the last progress it saved.
 */
export class JobPoller {
  private stopping = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private current: AbortController | null = null;
  private readonly intervalMs: number;
  private readonly keepaliveMs: number;
  private readonly throttleMs: number;

  constructor(private readonly options: JobPollerOptions) {
    this.intervalMs = options.intervalMs ?? 5_000;
    this.keepaliveMs = options.keepaliveMs ?? 15_000;
    this.throttleMs = options.throttleMs ?? 1_000;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Claims now instead of at the next interval (e.g. a user just started an export). */
  poke(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.current?.abort(new Error('the media node is shutting down'));
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let job: NodeJob | null = null;
      try {
        job = await this.options.jobs.claim();
      } catch (error) {
        this.options.log.warn('could not claim a node job', { error: String(error) });
      }
      // Claimed as the node began to shut down: left to run out its lease and resume after restart.
      if (this.stopping) break;
      if (job) {
        await this.runJob(job);
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.intervalMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /** Runs one claimed job to its finish (or abandons it when lost or shutting down). */
  async runJob(job: NodeJob): Promise<void> {
    const { jobs, log: baseLog } = this.options;
    const log = baseLog.child({ jobId: job.id, kind: job.kind });
    const controller = new AbortController();
    this.current = controller;
    let last: NodeJobProgressReport = { done: job.progressDone, total: job.progressTotal, ...(job.result ? { result: job.result } : {}) };
    let sentAt = Date.now();
    let stop = false;
    let lost = false;
    let sending: Promise<void> = Promise.resolve();
    const send = () =>
      (sending = sending.then(async () => {
        if (lost) return;
        sentAt = Date.now();
        try {
          if (await jobs.progress(job.id, last)) {
            stop = true;
            controller.abort(new Error('stopped by a user'));
          }
        } catch (error) {
          if (error instanceof JobLostError) {
            lost = true;
            controller.abort(error);
          } else {
            // The central app may be down for a while; the work goes on and the next report retries.
            log.warn('could not report job progress', { error: String(error) });
          }
        }
      }));
    const keepalive = setInterval(() => Date.now() - sentAt >= this.keepaliveMs && void send(), Math.min(1_000, this.keepaliveMs));
    const ctx: NodeJobContext = {
      job, jobs, log, signal: controller.signal, stopRequested: () => stop,
      progress: async (report, force = false) => {
        last = report;
        if (force || Date.now() - sentAt >= this.throttleMs) await send();
        if (lost) throw new JobLostError(job.id);
        return stop;
      },
    };
    try {
      const handler = this.options.handlers[job.kind];
      if (!handler) throw new Error(`this media node cannot run jobs of kind ${job.kind}; update it`);
      log.info('node job started', { resumedAt: job.progressDone });
      const outcome = await handler(ctx);
      await sending;
      if (lost) return;
      await jobs.finish(job.id, outcome);
      log.info('node job finished', { status: outcome.status, ...outcome.result });
    } catch (error) {
      await sending;
      if (lost || error instanceof JobLostError) log.warn('node job lost to another claim; abandoned');
      else if (this.stopping) log.info('node job interrupted by shutdown; it resumes after restart');
      else await this.fail(job, error, log);
    } finally {
      clearInterval(keepalive);
      this.current = null;
    }
  }

  private async fail(job: NodeJob, error: unknown, log: NodeLogger): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    log.warn('node job failed', { error: message });
    try {
      await this.options.jobs.finish(job.id, { status: 'failed', result: {}, error: message.slice(0, 2000) });
    } catch (finishError) {
      log.warn('could not report the failure; the job is claimed again once its lease runs out', { error: String(finishError) });
    }
  }
}
