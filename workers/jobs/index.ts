import type { Deps } from '../../functions/deps.js';
import { refreshStatistics, STATISTICS_INTERVAL_MS } from '../../functions/services/database/statistics.js';
import { enqueueDueSyncs, PBX_SYNC, runPbxSync } from './pbx-sync.js';
import { runDueJobs, type JobHandler } from './runner.js';
import { pruneFinishedJobs } from '../../functions/services/jobs/job-housekeeping.js';
import { dispatchEvents } from './dispatch-events.js';
import { runWebhookDelivery } from './webhook-delivery.js';
import { WEBHOOK_DELIVERY_JOB } from '../../functions/services/webhooks/delivery-queue.js';
import { EVENT_CONSUMERS } from './event-consumers.js';
import { EMAIL_SEND_JOB, runEmailSend } from './email-send.js';
import { runRecordingsExport } from './recordings-export.js';
import { runRecordingsDelete } from './recordings-delete.js';
import { RECORDINGS_DELETE_JOB, RECORDINGS_EXPORT_JOB } from '../../functions/services/recording-maintenance/maintenance-jobs.js';
import { recordingsExportHousekeeping } from '../../functions/services/recording-maintenance/export-cleanup.js';
import { enqueueDueRetention } from '../../functions/services/call-recordings/recording-retention.js';

/** Every kind of background job Ramal runs, by kind. */
export const JOB_HANDLERS: Record<string, JobHandler> = {
  [PBX_SYNC]: runPbxSync,
  [WEBHOOK_DELIVERY_JOB]: runWebhookDelivery,
  [EMAIL_SEND_JOB]: runEmailSend,
  [RECORDINGS_EXPORT_JOB]: runRecordingsExport,
  [RECORDINGS_DELETE_JOB]: runRecordingsDelete,
};

/** Jobs one runner works on at once. */
const CONCURRENCY = 4;
/** Events dispatched per round, and rounds per tick, so a burst is fanned out within one tick. */
const DISPATCH_LIMIT = 100;
const DISPATCH_ROUNDS = 10;

/** When this process (or isolate) last refreshed the planner's statistics, and pruned old jobs. */
let statisticsAt = 0;
let housekeptAt = 0;
const HOUSEKEEPING_INTERVAL_MS = 3_600_000;

/** One round of background work: schedule what is due, then run every due job. */
export async function backgroundTick(deps: Deps, owner: string): Promise<number> {
  const now = deps.now().getTime();
  if (now - statisticsAt > STATISTICS_INTERVAL_MS) {
    statisticsAt = now;
    await refreshStatistics(deps.db).catch((err: unknown) => deps.log.warn('could not refresh table statistics', { error: err instanceof Error ? err.message : String(err) }));
  }
  if (now - housekeptAt > HOUSEKEEPING_INTERVAL_MS) {
    housekeptAt = now;
    await pruneFinishedJobs(deps.db, deps.now()).catch((err: unknown) => deps.log.warn('could not prune finished jobs', { error: err instanceof Error ? err.message : String(err) }));
    await recordingsExportHousekeeping(deps).catch((err: unknown) => deps.log.warn('could not remove expired recording exports', { error: err instanceof Error ? err.message : String(err) }));
  }
  await enqueueDueSyncs(deps);
  await enqueueDueRetention(deps).catch((err: unknown) => deps.log.warn('could not queue the recordings retention', { error: err instanceof Error ? err.message : String(err) }));
  for (let round = 0; round < DISPATCH_ROUNDS; round++) {
    if ((await dispatchEvents(deps, { owner, consumers: EVENT_CONSUMERS, limit: DISPATCH_LIMIT })) < DISPATCH_LIMIT) break;
  }
  return runDueJobs(deps, JOB_HANDLERS, { owner, concurrency: CONCURRENCY });
}

export interface JobLoop {
  stop: () => void;
  /** Runs a tick now (a user just started a job) unless one is already running. */
  kick: () => void;
}

/** The Node runner: a tick every few seconds, never two at once in one process. */
export function startJobLoop(deps: Deps, owner: string, intervalMs = 2_000): JobLoop {
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      await backgroundTick(deps, owner);
    } catch (err) {
      deps.log.error('background tick failed', { error: err instanceof Error ? err.message : String(err) });
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(tick, intervalMs);
  return { stop: () => clearInterval(timer), kick: () => void tick() };
}
