import {
  NodeExportItemsSchema, NodeJobProgressAnswerSchema, NodeJobSchema,
  type NodeExportItems, type NodeJob,
} from '../../functions/services/jobs/node-jobs-contract.js';
import type { CentralClient } from './client.js';

export type { NodeExportItems, NodeJob };
export type NodeExportItem = NodeExportItems['items'][number];

export interface NodeJobProgressReport {
  done: number;
  total: number;
  result?: Record<string, unknown>;
}

export interface NodeJobFinishReport {
  status: 'done' | 'stopped' | 'failed';
  result: Record<string, unknown>;
  error?: string;
}

/** The central app no longer counts this node as the job's holder (finished elsewhere, or taken over). */
export class JobLostError extends Error {
  readonly code = 'JOB_LOST';
  constructor(readonly jobId: string) {
    super(`job ${jobId} is no longer held by this node`);
    this.name = 'JobLostError';
  }
}

async function drain(res: Response): Promise<void> {
  await res.arrayBuffer().catch(() => undefined);
}

/**
 * The node's half of the node jobs contract (functions/services/jobs/node-jobs-contract.ts): claim,
 * progress with the stop flag, finish, and for recordings exports the pages of files and their bytes.
 */
export function createJobsClient(central: CentralClient, options: { transfer?: CentralClient } = {}) {
  // A long recording over a slow link outlasts the short timeout meant for control calls.
  const transfer = options.transfer ?? central;
  const job = (id: string) => `jobs/${encodeURIComponent(id)}`;
  const held = async (id: string, res: Response): Promise<Response> => {
    if (res.status !== 404) return res;
    await drain(res);
    throw new JobLostError(id);
  };
  return {
    /** The next job of the site for this node, or null when there is none. */
    async claim(): Promise<NodeJob | null> {
      const res = await central.request('POST', 'jobs/claim', { okStatuses: [204], retries: 1 });
      if (res.status === 204) {
        await drain(res);
        return null;
      }
      return central.jsonOf(res, NodeJobSchema);
    },
    /** Renews the lease; true when a user asked the job to stop. Throws JobLostError on 404. */
    async progress(id: string, report: NodeJobProgressReport): Promise<boolean> {
      const res = await held(id, await central.request('PUT', `${job(id)}/progress`, { json: report, okStatuses: [404] }));
      return (await central.jsonOf(res, NodeJobProgressAnswerSchema)).stop;
    },
    async finish(id: string, report: NodeJobFinishReport): Promise<void> {
      await drain(await held(id, await central.request('POST', `${job(id)}/finish`, { json: report, okStatuses: [404] })));
    },
    async items(id: string, after: string | null, limit = 50): Promise<NodeExportItems> {
      const query = new URLSearchParams({ limit: String(limit), ...(after ? { after } : {}) });
      const res = await held(id, await central.request('GET', `${job(id)}/items?${query}`, { okStatuses: [404] }));
      return central.jsonOf(res, NodeExportItemsSchema);
    },
    /**
     * The response whose body is the file's bytes (the caller reads it to the end), or null on 404:
     * the recording was deleted meanwhile, or the job is gone, which the next progress call tells.
     */
    async download(id: string, item: Pick<NodeExportItem, 'recordingId' | 'format' | 'startedAt'>): Promise<Response | null> {
      const path = `${job(id)}/items/${encodeURIComponent(item.recordingId)}/${item.format}?${new URLSearchParams({ at: item.startedAt })}`;
      const res = await transfer.request('GET', path, { retries: 1, okStatuses: [404] });
      if (res.status !== 404) return res;
      await drain(res);
      return null;
    },
  };
}

export type JobsClient = ReturnType<typeof createJobsClient>;
