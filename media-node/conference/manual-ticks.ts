import type { TickSource } from './conference-mixer.js';

/**
 * A TickSource the caller advances by hand: tests decide exactly when 20 ms pass, and the
 * benchmark times a tick's work without the timer's noise. The node itself uses its MediaClock.
 */
export class ManualTicks implements TickSource {
  private readonly listeners = new Set<(tick: number) => void>();
  private n = 0;

  get registered(): number {
    return this.listeners.size;
  }

  register(listener: (tick: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs `count` ticks, each calling every listener once. */
  tick(count = 1): void {
    for (let i = 0; i < count; i++) {
      this.n++;
      for (const listener of [...this.listeners]) listener(this.n);
    }
  }
}
