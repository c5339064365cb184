import { CentralError, backoffMs, refusesData } from '../central/errors.js';
import type { CentralClient } from '../central/client.js';
import type { NodeLogger } from '../log.js';
import type { SpooledEvent } from './manifest.js';
import type { Spool } from './spool.js';

export const EVENT_BATCH = 100;

export interface EventSenderOptions {
  spool: Spool;
  client: CentralClient;
  log: NodeLogger;
  retryBaseMs?: number;
  retryCapMs?: number;
  rescanMs?: number;
}

export interface EventSender {
  stop(): Promise<void>;
}

/**
 * At-least-once delivery of spooled events: a file is deleted only after the central app listed its
 * id as accepted; the central app de-duplicates by id, so a lost reply just resends the batch.
 */
export function startEventSender(options: EventSenderOptions): EventSender {
  const { spool, client, log } = options;
  const base = options.retryBaseMs ?? 1000;
  const cap = options.retryCapMs ?? 5 * 60_000;
  let attempt = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<void> | null = null;
  let again = false;

  /** A batch refused as a whole is split, so one bad event cannot hold back the others. */
  async function sendSingly(batch: SpooledEvent[]): Promise<void> {
    for (const event of batch) {
      if (stopped) return;
      try {
        await spool.removeEvents((await client.postEvents([event])).filter((id) => id === event.id));
      } catch (error) {
        if (!refusesData(error)) throw error;
        log.error('EVENT REJECTED by the central app: kept in the spool rejected/events directory', { eventId: event.id, type: event.type, status: (error as CentralError).status, error: (error as CentralError).message });
        await spool.rejectEvent(event.id);
      }
    }
  }

  async function drain(): Promise<number> {
    for (;;) {
      if (stopped) return 0;
      const batch = await spool.listEvents(EVENT_BATCH);
      if (batch.length === 0) return 0;
      try {
        const sent = new Set(batch.map((e) => e.id));
        const accepted = (await client.postEvents(batch)).filter((id) => sent.has(id));
        await spool.removeEvents(accepted);
        // Ids the central app did not accept stay for the next round; avoid spinning on them.
        if (accepted.length < batch.length) return base;
      } catch (error) {
        if (refusesData(error)) await sendSingly(batch);
        else throw error;
      }
      attempt = 0;
    }
  }

  function schedule(delay: number): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(kick, delay);
    timer.unref();
  }

  function kick(): void {
    if (current) {
      again = true;
      return;
    }
    again = false;
    current = drain()
      .then((retryIn) => schedule(retryIn || (again ? 0 : options.rescanMs ?? 30_000)))
      .catch((error: unknown) => {
        const delay = Math.min(cap, (error instanceof CentralError ? error.retryAfterMs : null) ?? backoffMs(attempt, base, cap));
        attempt++;
        log.warn('sending events failed, will retry', { attempt, retryInMs: Math.round(delay), error: String(error instanceof Error ? error.message : error) });
        schedule(delay);
      })
      .finally(() => {
        current = null;
      });
  }

  // While backing off from an outage, new events wait for the retry instead of hammering the app.
  const onEvent = () => {
    if (attempt > 0) return;
    if (current) again = true;
    else schedule(0);
  };
  spool.on('event', onEvent);
  kick();
  return {
    async stop() {
      stopped = true;
      spool.off('event', onEvent);
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
