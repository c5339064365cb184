import { EventEmitter } from 'node:events';
import type { MwiState } from '../central/voicemail-client.js';
import type { NodeLogger } from '../log.js';
import type { MailboxCounts } from './message-summary.js';

export type MwiFetch = (etag: string | null) => Promise<{ state: MwiState; etag: string | null } | null>;

export interface MwiPollerOptions {
  fetch: MwiFetch;
  log: NodeLogger;
  /** Between two polls (default 5 s). */
  intervalMs?: number;
}

const NONE: MailboxCounts = { newCount: 0, savedCount: 0 };

/**
 * Keeps the site's mailbox counts as the central app last reported them (GET /mwi with ETag, so an
 * unchanged site costs a 304) and emits 'change' with the mailbox whose counts moved. Web changes
 * arrive within one interval; this node's own changes call poke() to be seen at once.
 */
export class MwiPoller extends EventEmitter {
  private counts = new Map<string, MailboxCounts>();
  private etag: string | null = null;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private loaded = false;

  constructor(private readonly options: MwiPollerOptions) {
    super();
  }

  start(): this {
    this.schedule(0);
    return this;
  }

  /** True once the central app answered at least once. */
  get ready(): boolean {
    return this.loaded;
  }

  countsOf(mailbox: string): MailboxCounts {
    return this.counts.get(mailbox) ?? NONE;
  }

  /** Polls now (or right after the poll in flight): something on this node changed a mailbox. */
  poke(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    clearTimeout(this.timer);
    this.running = this.poll().finally(() => {
      this.running = undefined;
      if (this.stopped) return;
      if (this.again) {
        this.again = false;
        void this.poke();
      } else this.schedule(this.options.intervalMs ?? 5000);
    });
    return this.running;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.poke(), ms);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    let answer: Awaited<ReturnType<MwiFetch>>;
    try {
      answer = await this.options.fetch(this.etag);
    } catch (error) {
      // The lamps keep their last state until the central app answers again.
      this.options.log.debug('message-waiting poll failed', { error: String(error) });
      return;
    }
    this.loaded = true;
    if (!answer) return;
    this.etag = answer.etag;
    this.apply(answer.state);
  }

  private apply(state: MwiState): void {
    const next = new Map(state.mailboxes.map((m) => [m.extension, { newCount: m.newCount, savedCount: m.savedCount }]));
    const changed: string[] = [];
    for (const [mailbox, counts] of next) {
      const before = this.countsOf(mailbox);
      if (before.newCount !== counts.newCount || before.savedCount !== counts.savedCount) changed.push(mailbox);
    }
    // A mailbox missing from the answer has nothing in it any more.
    for (const [mailbox, counts] of this.counts) if (!next.has(mailbox) && (counts.newCount || counts.savedCount)) changed.push(mailbox);
    this.counts = next;
    for (const mailbox of changed) this.emit('change', mailbox, this.countsOf(mailbox));
  }
}
