/**
 * The RTP side of the SIPREC bench: sipp carries the signalling, and this sender (on the
 * generator's core) plays each call's streams, 20 ms A-law frames from one socket per stream,
 * for a fixed number of frames from the moment sipp reports the node's ports. One shared timer
 * ticks at start + n × 20 ms, so a late tick never becomes drift; a missed tick advances the RTP
 * timestamp without a packet (counted, as the node rightly stores it as a gap).
 */
import { Stream } from './call-load-generator.js';

const PERIOD_MS = 20;

export interface SentCall {
  callId: string;
  streams: Stream[];
  /** Ticks this call still has to play. */
  left: number;
  /** Ticks missed by our timer while the call played: not the node's loss. */
  skipped: number;
  finishedAt?: number;
}

export class FrameBudgetSender {
  readonly calls = new Map<string, SentCall>();
  private readonly active = new Set<SentCall>();
  private timer: NodeJS.Timeout | undefined;
  private start = 0;
  private n = 0;
  private idle: (() => void) | undefined;

  constructor(private readonly frames: number) {}

  /** A call's ports are known: open one socket per stream and play from the next tick. */
  async add(callId: string, ports: number[]): Promise<void> {
    const streams = await Promise.all(ports.map(() => Stream.open()));
    streams.forEach((s, i) => (s.remote = { address: '127.0.0.1', port: ports[i]! }));
    const call: SentCall = { callId, streams, left: this.frames, skipped: 0 };
    this.calls.set(callId, call);
    this.active.add(call);
    if (!this.timer) this.run();
  }

  get playing(): number {
    return this.active.size;
  }

  /** Resolves once every call added so far has played all its frames. */
  drained(): Promise<void> {
    if (this.active.size === 0) return Promise.resolve();
    return new Promise((resolve) => (this.idle = resolve));
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const call of this.calls.values()) for (const s of call.streams) s.close();
  }

  private run(): void {
    this.start = performance.now();
    this.n = 0;
    this.schedule();
  }

  private schedule(): void {
    const due = this.start + (this.n + 1) * PERIOD_MS;
    this.timer = setTimeout(() => this.tick(), Math.max(0, due - performance.now()));
  }

  private tick(): void {
    const now = performance.now();
    const skipped = Math.max(0, Math.floor((now - this.start) / PERIOD_MS) - this.n - 1);
    this.n += 1 + skipped;
    for (const call of this.active) {
      // A call never plays past its budget: the missed ticks count toward it, as time went by.
      const missed = Math.min(skipped, call.left - 1);
      call.skipped += missed;
      call.left -= missed + 1;
      for (const s of call.streams) s.sendFrame(missed);
      if (call.left <= 0) {
        call.finishedAt = now;
        this.active.delete(call);
      }
    }
    if (this.active.size === 0) {
      this.timer = undefined;
      this.idle?.();
      this.idle = undefined;
      return;
    }
    this.schedule();
  }
}
