import { CentralError, backoffMs, refusesData } from '../central/errors.js';
import type { CentralClient } from '../central/client.js';
import type { NodeLogger } from '../log.js';
import type { AudioEncoders } from './encoders.js';
import { startEventSender, type EventSender } from './event-sender.js';
import { StepError, uploadItem } from './item-upload.js';
import { SpoolError } from './manifest.js';
import type { Spool } from './spool.js';
import { WavFormatError } from './wav-file.js';

export interface UploaderOptions {
  spool: Spool;
  client: CentralClient;
  encoders: AudioEncoders;
  log: NodeLogger;
  concurrency?: number;
  /** Backoff of a failing item: base doubles per attempt up to the cap (default 1 s → 5 min). */
  retryBaseMs?: number;
  retryCapMs?: number;
  /** Safety net rescan of the spool directories, besides the spool's own notifications. */
  rescanMs?: number;
  /** Sends spooled events too (default true). */
  events?: boolean;
}

export interface Uploader {
  /** Lets each running item finish its current step, then resolves; nothing is lost, the rest resumes at next start. */
  stop(): Promise<void>;
  /** Items waiting for a retry, with their attempt count (for logs and tests). */
  backlog(): Map<string, { attempt: number; notBefore: number; lastError: string }>;
}

/** The spooled WAV is missing or not ours: no retry can fix that, so the item is set aside. */
function unreadableAudio(error: unknown): boolean {
  if (!(error instanceof StepError) || error.step !== 'encode') return false;
  return error.cause instanceof WavFormatError || (error.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

export function startUploader(options: UploaderOptions): Uploader {
  const { spool, client, encoders, log } = options;
  const concurrency = options.concurrency ?? 2;
  const base = options.retryBaseMs ?? 1000;
  const cap = options.retryCapMs ?? 5 * 60_000;
  const rescanMs = options.rescanMs ?? 30_000;
  const waiting = new Map<string, { attempt: number; notBefore: number; lastError: string }>();
  const running = new Map<string, Promise<void>>();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let pumping = false;
  let again = false;
  const ctx = { spool, client, encoders, log, stopping: () => stopped };
  const events: EventSender | null = options.events === false ? null : startEventSender({ spool, client, log, retryBaseMs: base, retryCapMs: cap, rescanMs });

  async function reject(id: string, error: Error): Promise<void> {
    const status = error instanceof StepError && error.cause instanceof CentralError ? error.cause.status : null;
    try {
      const manifest = await spool.readItem(id).catch(() => null);
      if (manifest) await spool.rejectItem({ ...manifest, rejected: { at: new Date().toISOString(), step: error instanceof StepError ? error.step : 'read', status, message: error.message } });
      else await spool.setAside(id);
      log.error('AUDIO REJECTED by the central app: kept in the spool rejected/ directory for an operator', { itemId: id, status, error: error.message });
    } catch (moveError) {
      log.error('could not move a rejected item', { itemId: id, error: String(moveError) });
    }
  }

  async function run(id: string): Promise<void> {
    try {
      if (await uploadItem(ctx, id)) waiting.delete(id);
    } catch (error) {
      const central = error instanceof StepError && error.cause instanceof CentralError ? error.cause : null;
      if (refusesData(central) || (error instanceof SpoolError && error.code === 'CORRUPT') || unreadableAudio(error)) {
        waiting.delete(id);
        await reject(id, error as Error);
        return;
      }
      const attempt = (waiting.get(id)?.attempt ?? 0) + 1;
      const delay = Math.min(cap, central?.retryAfterMs ?? backoffMs(attempt - 1, base, cap));
      waiting.set(id, { attempt, notBefore: Date.now() + delay, lastError: String(error instanceof Error ? error.message : error) });
      if (central && !central.retryable) log.error('the central app refuses the site token; audio waits in the spool until it is fixed', { itemId: id, status: central.status });
      log.warn('audio upload failed, will retry', { itemId: id, attempt, retryInMs: Math.round(delay), error: String(error instanceof Error ? error.message : error) });
    }
  }

  function schedule(delay: number): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void pump(), Math.max(0, delay));
    timer.unref();
  }

  async function pump(): Promise<void> {
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    try {
      do {
        again = false;
        if (stopped) return;
        const ids = await spool.listItems().catch((error: unknown) => {
          log.error('cannot list spool items', { error: String(error) });
          return [] as string[];
        });
        const now = Date.now();
        let next = rescanMs;
        for (const id of ids) {
          const wait = waiting.get(id);
          if (wait && wait.notBefore > now) next = Math.min(next, wait.notBefore - now);
          if (running.size >= concurrency || running.has(id) || (wait && wait.notBefore > now)) continue;
          const job = run(id).finally(() => {
            running.delete(id);
            void pump();
          });
          running.set(id, job);
        }
        schedule(next);
      } while (again);
    } finally {
      pumping = false;
    }
  }

  const onItem = () => void pump();
  spool.on('item', onItem);
  void pump();

  return {
    backlog: () => new Map(waiting),
    async stop() {
      stopped = true;
      spool.off('item', onItem);
      if (timer) clearTimeout(timer);
      await Promise.all([...running.values(), events?.stop()]);
    },
  };
}
