import type { JobsClient, NodeJob, NodeJobProgressReport } from '../central/jobs-client.js';
import type { NodeLogger } from '../log.js';

/** What a node job handler gets from the poller. */
export interface NodeJobContext {
  job: NodeJob;
  jobs: JobsClient;
  /**
   * Reports progress (sent at most once a second unless `force`; the poller re-sends the latest
   * report to keep the lease while a long file downloads). Resolves whether a user pressed stop;
   * throws JobLostError once the central app says the job is not this node's any more.
   */
  progress: (report: NodeJobProgressReport, force?: boolean) => Promise<boolean>;
  /** Aborted when the job must end now: stop pressed, job lost, or the node shutting down. */
  signal: AbortSignal;
  /** True once a user pressed stop: the handler ends with status 'stopped' and what it did so far. */
  stopRequested: () => boolean;
  log: NodeLogger;
}

export interface NodeJobOutcome {
  status: 'done' | 'stopped';
  result: Record<string, unknown>;
}

/** Carries out one kind of node job; a throw fails the job with the error's message. */
export type NodeJobHandler = (ctx: NodeJobContext) => Promise<NodeJobOutcome>;
