/**
 * The RTP side of the SIPREC bench: sipp carries the signalling, and this sender (on the
 * generator's core) plays each call's streams, 20 ms A-law frames from one socket per stream,
 * for a fixed number of frames from the moment sipp reports the node's ports, on one FrameClock;
 * a missed tick advances the RTP timestamp without a packet (counted, as the node rightly stores
 * it as a gap).
 */
import { Stream } from './call-load-generator.js';
import { FrameClock, type FrameTick } from './frame-clock.js';

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
  private readonly clock = new FrameClock(PERIOD_MS, (tick) => this.tick(tick));
  private idle: (() => void) | undefined;

  constructor(private readonly frames: number) {}

  /** A call's ports are known: open one socket per stream and play from the next tick. */
  async add(callId: string, ports: number[]): Promise<void> {
    const streams = await Promise.all(ports.map(() => Stream.open()));
    streams.forEach((s, i) => (s.remote = { address: '127.0.0.1', port: ports[i]! }));
    const call: SentCall = { callId, streams, left: this.frames, skipped: 0 };
    this.calls.set(callId, call);
    this.active.add(call);
    this.clock.start();
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
    this.clock.stop();
    for (const call of this.calls.values()) for (const s of call.streams) s.close();
  }

  private tick({ now, skipped }: FrameTick): void {
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
    if (this.active.size > 0) return;
    this.clock.stop();
    this.idle?.();
    this.idle = undefined;
  }
}
