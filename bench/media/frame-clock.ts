export interface FrameTick {
  now: number;
  /** Ticks that fell due while the process was busy: their frames are not sent, but time passed. */
  skipped: number;
  /** How long after its due time this tick ran (ms). */
  lateMs: number;
}

/**
 * One timer for a bench's senders, due at start + n × period: a late tick never becomes drift, and
 * a stalled process skips the ticks it missed instead of sending a burst, as a real phone would.
 * It keeps ticking until stopped, from inside a tick or outside.
 */
export class FrameClock {
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;
  private n = 0;

  constructor(private readonly periodMs: number, private readonly onTick: (tick: FrameTick) => void) {}

  get running(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.timer) return;
    this.startedAt = performance.now();
    this.n = 0;
    this.schedule();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    const due = this.startedAt + (this.n + 1) * this.periodMs;
    this.timer = setTimeout(() => this.tick(), Math.max(0, due - performance.now()));
  }

  private tick(): void {
    const now = performance.now();
    const lateMs = now - (this.startedAt + (this.n + 1) * this.periodMs);
    const skipped = Math.max(0, Math.floor((now - this.startedAt) / this.periodMs) - this.n - 1);
    this.n += 1 + skipped;
    this.onTick({ now, skipped, lateMs });
    if (this.timer) this.schedule();
  }
}
