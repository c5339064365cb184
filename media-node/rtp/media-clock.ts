import { performance } from 'node:perf_hooks';
import { FRAME_MS } from '../audio/pcm.js';
import { silentLogger, type NodeLogger } from '../log.js';

export type TickListener = (tick: number) => void;

export interface LatenessSummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** A tick more than this late is not replayed: a burst of stale packets helps no one. */
const MAX_CATCH_UP_TICKS = 10;
const LATENESS_SAMPLES = 4096;

/**
 * One 20 ms tick shared by every session. Each tick is scheduled against the absolute time
 * start + n × period, so timer lateness never accumulates into drift; a late timer runs the ticks it
 * missed one after another, with the I/O that arrived in between. It runs only while someone listens.
 */
export class MediaClock {
  readonly periodMs: number;
  private readonly listeners = new Set<TickListener>();
  private readonly lateness = new Float64Array(LATENESS_SAMPLES);
  private latenessCount = 0;
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private start = 0;
  private n = 0;
  private resyncs = 0;

  private readonly log: NodeLogger;

  constructor(options: { periodMs?: number; log?: NodeLogger } = {}) {
    this.periodMs = options.periodMs ?? FRAME_MS;
    this.log = options.log ?? silentLogger;
  }

  /** Ticks since the clock last started. */
  get ticks(): number {
    return this.n;
  }

  /** Times the clock gave up catching up (event loop blocked for over MAX_CATCH_UP_TICKS periods). */
  get skips(): number {
    return this.resyncs;
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  register(listener: TickListener): () => void {
    this.listeners.add(listener);
    if (!this.timer) {
      this.start = performance.now();
      this.n = 0;
      this.schedule();
    }
    return () => this.unregister(listener);
  }

  unregister(listener: TickListener): void {
    this.listeners.delete(listener);
    if (this.listeners.size === 0 && this.timer) {
      if ('refresh' in this.timer) clearTimeout(this.timer);
      else clearImmediate(this.timer);
      this.timer = undefined;
    }
  }

  /** Milliseconds each tick ran after its due time, over the last few thousand ticks. */
  latenessMs(): LatenessSummary {
    const count = Math.min(this.latenessCount, LATENESS_SAMPLES);
    const sorted = Array.from(this.lateness.subarray(0, count)).sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(count - 1, Math.floor(q * count))] ?? 0;
    return { count, p50: at(0.5), p99: at(0.99), max: sorted[count - 1] ?? 0 };
  }

  resetLateness(): void {
    this.latenessCount = 0;
  }

  private schedule(): void {
    const wait = this.start + (this.n + 1) * this.periodMs - performance.now();
    // Behind schedule, the next tick runs right after the pending I/O (setImmediate follows the
    // poll phase): the packets that arrived meanwhile reach the jitter buffers before the tick
    // that plays them, instead of every catch-up tick finding the buffers empty.
    this.timer = wait <= 0 ? setImmediate(() => this.fire()) : setTimeout(() => this.fire(), wait);
  }

  private fire(): void {
    const now = performance.now();
    let due = this.start + (this.n + 1) * this.periodMs;
    if (now - due > MAX_CATCH_UP_TICKS * this.periodMs) {
      // Shift the time base, not the tick count: listeners still see consecutive ticks.
      this.resyncs++;
      this.start = now - (this.n + 1) * this.periodMs;
      due = now;
    }
    if (due <= now && this.timer) {
      this.n++;
      this.lateness[this.latenessCount++ % LATENESS_SAMPLES] = now - due;
      for (const listener of this.listeners) {
        // One broken session must not stop the clock every other call depends on.
        try {
          listener(this.n);
        } catch (err) {
          this.log.error('media clock listener failed', { err: String(err), stack: (err as Error)?.stack });
        }
      }
    }
    if (this.timer) this.schedule();
  }
}
