/**
 * The far ends of the call-load bench: one UDP socket per call, all fed by one shared timer that
 * sends a 20 ms A-law frame to every live stream each tick. Ticks are due at start + n × 20 ms, so a
 * late timer never becomes drift. While a window is open each socket notes when each packet came
 * back and its RTP timestamp.
 */
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { FRAME_SAMPLES } from '../../media-node/audio/pcm.js';
import { alawEncode } from '../../media-node/codecs/g711.js';
import { percentile } from './call-load-stats.js';
import { FrameClock } from './frame-clock.js';

const HEADER = 12;
const PERIOD_MS = 20;

/** A 400 Hz tone: exactly 8 periods per frame, so every frame is the same and never silent. */
function tonePayload(): Buffer {
  const pcm = new Int16Array(FRAME_SAMPLES);
  for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(6000 * Math.sin((2 * Math.PI * 400 * i) / 8000));
  return Buffer.from(alawEncode(pcm));
}

const PAYLOAD = tonePayload();

/** Send times kept per stream: enough for an echo delayed by up to 5 s. */
const RING = 256;

export class Stream {
  remote: { address: string; port: number } | undefined;
  sent = 0;
  /** `sent` when the measured window opened. */
  sentBeforeWindow = 0;
  /** The measured window is open. */
  recording = false;
  /** Ticks the generator missed in the window: the timestamp moved on, no packet left. */
  skippedInWindow = 0;
  readonly arrivals: number[] = [];
  readonly stamps: number[] = [];
  /** When the echoed packet was sent by us (only for a far end that returns our own packets). */
  readonly sentAt: number[] = [];
  /** Timestamps sent in the window (same condition): what a reflecting far end should return. */
  readonly sentStamps: number[] = [];
  private readonly ringStamp = new Uint32Array(RING);
  private readonly ringTime = new Float64Array(RING);
  private readonly ssrc = randomBytes(4).readUInt32BE(0);
  private seq = randomBytes(2).readUInt16BE(0);
  private ts = randomBytes(4).readUInt32BE(0);

  /**
   * `reflects`: the far end returns our packets as they are (the bare echo), so what it adds is
   * judged against when each one actually left, not the ideal grid, which our own timer misses by
   * up to a millisecond or so.
   */
  private constructor(readonly socket: Socket, private readonly reflects: boolean) {
    socket.on('message', (msg) => {
      if (!this.recording || msg.length < HEADER) return;
      const now = performance.now();
      const stamp = msg.readUInt32BE(4);
      if (this.reflects) {
        const slot = Math.floor(stamp / FRAME_SAMPLES) % RING;
        if (this.ringStamp[slot] !== stamp) return;
        this.sentAt.push(this.ringTime[slot]!);
      }
      this.arrivals.push(now);
      this.stamps.push(stamp);
    });
  }

  static async open(reflects = false): Promise<Stream> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => {
        socket.off('error', reject);
        resolve();
      });
    });
    // A late ICMP "port unreachable" after the far end closed must not crash the bench.
    socket.on('error', () => {});
    return new Stream(socket, reflects);
  }

  get reflecting(): boolean {
    return this.reflects;
  }

  get port(): number {
    return this.socket.address().port;
  }

  /** `skipped` ticks the generator missed still advance the timestamp, so the timeline stays true. */
  sendFrame(skipped = 0): void {
    const to = this.remote;
    if (!to) return;
    this.ts = (this.ts + skipped * FRAME_SAMPLES) >>> 0;
    if (this.recording) {
      this.skippedInWindow += skipped;
      if (this.reflects) this.sentStamps.push(this.ts);
    }
    const buf = Buffer.allocUnsafe(HEADER + PAYLOAD.length);
    buf[0] = 0x80;
    buf[1] = this.sent === 0 ? 0x88 : 0x08;
    buf.writeUInt16BE(this.seq, 2);
    buf.writeUInt32BE(this.ts, 4);
    buf.writeUInt32BE(this.ssrc, 8);
    PAYLOAD.copy(buf, HEADER);
    const slot = Math.floor(this.ts / FRAME_SAMPLES) % RING;
    this.ringStamp[slot] = this.ts;
    this.ringTime[slot] = performance.now();
    this.seq = (this.seq + 1) & 0xffff;
    this.ts = (this.ts + FRAME_SAMPLES) >>> 0;
    this.sent++;
    this.socket.send(buf, to.port, to.address);
  }

  close(): void {
    try {
      this.socket.close();
    } catch {
      // already closed
    }
  }
}

export class LoadGenerator {
  private readonly streams = new Set<Stream>();
  private lateness: number[] = [];
  private readonly clock = new FrameClock(PERIOD_MS, ({ skipped, lateMs }) => {
    this.lateness.push(lateMs);
    // A stalled generator sends one frame per stream, not a burst: the far end sees a gap, as from a real phone.
    for (const stream of this.streams) stream.sendFrame(skipped);
  });

  add(stream: Stream): void {
    this.streams.add(stream);
  }

  remove(stream: Stream): void {
    this.streams.delete(stream);
  }

  run(): void {
    this.clock.start();
  }

  stop(): void {
    this.clock.stop();
  }

  /** How late this process's own ticks ran since the last call (ms, p99): the generator's share of the jitter. */
  takeLatenessP99(): number {
    const p99 = percentile(this.lateness, 99);
    this.lateness = [];
    return p99;
  }
}
