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
  /** How many equal slots a period is cut into; each listener lives in one of them. */
  readonly phases: number;
  private readonly stepMs: number;
  private readonly listeners = new Map<TickListener, number>();
  private readonly byPhase: Set<TickListener>[];
  private readonly lateness = new Float64Array(LATENESS_SAMPLES);
  private latenessCount = 0;
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private start = 0;
  private n = 0;
  private resyncs = 0;

  private readonly log: NodeLogger;

  /**
   * `phases` spreads the sessions over the period: with 4, a quarter of them tick every 5 ms
   * instead of all at once, so 200 calls send 50 packets per burst, not 200, and the last of a
   * burst leaves a quarter as late.
   */
  constructor(options: { periodMs?: number; phases?: number; log?: NodeLogger } = {}) {
    this.periodMs = options.periodMs ?? FRAME_MS;
    this.phases = Math.max(1, Math.floor(options.phases ?? 4));
    this.stepMs = this.periodMs / this.phases;
    this.byPhase = Array.from({ length: this.phases }, () => new Set<TickListener>());
    this.log = options.log ?? silentLogger;
  }

  /** Periods since the clock last started. */
  get ticks(): number {
    return Math.floor(this.n / this.phases);
  }

  /** Times the clock gave up catching up (event loop blocked for over MAX_CATCH_UP_TICKS periods). */
  get skips(): number {
    return this.resyncs;
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  register(listener: TickListener): () => void {
    if (this.listeners.has(listener)) return () => this.unregister(listener);
    // The emptiest slot, so the bursts stay even as calls come and go.
    let phase = 0;
    for (let p = 1; p < this.phases; p++) if (this.byPhase[p]!.size < this.byPhase[phase]!.size) phase = p;
    this.listeners.set(listener, phase);
    this.byPhase[phase]!.add(listener);
    if (!this.timer) {
      this.start = performance.now();
      this.n = 0;
      this.schedule();
    }
    return () => this.unregister(listener);
  }

  unregister(listener: TickListener): void {
    const phase = this.listeners.get(listener);
    if (phase === undefined) return;
    this.listeners.delete(listener);
    this.byPhase[phase]!.delete(listener);
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
    const wait = this.start + (this.n + 1) * this.stepMs - performance.now();
    // Behind schedule, the next tick runs right after the pending I/O (setImmediate follows the
    // poll phase): the packets that arrived meanwhile reach the jitter buffers before the tick
    // that plays them, instead of every catch-up tick finding the buffers empty.
    this.timer = wait <= 0 ? setImmediate(() => this.fire()) : setTimeout(() => this.fire(), wait);
  }

  private fire(): void {
    const now = performance.now();
    let due = this.start + (this.n + 1) * this.stepMs;
    if (now - due > MAX_CATCH_UP_TICKS * this.periodMs) {
      // Shift the time base, not the tick count: listeners still see consecutive ticks.
      this.resyncs++;
      this.start = now - (this.n + 1) * this.stepMs;
      due = now;
    }
    if (due <= now && this.timer) {
      this.n++;
      const slot = this.byPhase[this.n % this.phases]!;
      if (slot.size > 0) this.lateness[this.latenessCount++ % LATENESS_SAMPLES] = now - due;
      const tick = Math.floor(this.n / this.phases);
      for (const listener of slot) {
        // One broken session must not stop the clock every other call depends on.
        try {
          listener(tick);
        } catch (err) {
          this.log.error('media clock listener failed', { err: String(err), stack: (err as Error)?.stack });
        }
      }
    }
    if (this.timer) this.schedule();
  }
}
