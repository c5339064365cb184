import { FRAME_SAMPLES } from '../audio/pcm.js';
import { seqDelta, tsDelta } from './packet.js';

export interface BufferedPacket {
  sequence: number;
  timestamp: number;
  ssrc: number;
  /** Decoded audio; any length, so 10 or 30 ms packets re-frame into 20 ms on the way out. */
  samples: Int16Array;
}

export type PushResult = 'queued' | 'late' | 'duplicate' | 'resync' | 'probation';

export interface JitterStats {
  lost: number;
  late: number;
  dropped: number;
  duplicates: number;
  underruns: number;
  resyncs: number;
}

/** Sequence or timestamp moves beyond these are a new stream (a PBX re-routed media), not jitter. */
const MAX_SEQ_JUMP = 100;
const MAX_TS_AHEAD = 50 * FRAME_SAMPLES;
const LATE_RUN_RESYNC = 3;

/**
 * Plays one 20 ms frame per tick, cut from the queued audio by RTP timestamp (so silence suppression and the sequence
 * numbers RFC 4733 events take do not read as loss), ordered across 16/32-bit wrap. A gap is
 * concealed by repeating the last frame once, then silence. A new SSRC, or a sequence or timestamp
 * jump that the next packet confirms, restarts the stream after the initial delay.
 */
export class JitterBuffer {
  readonly stats: JitterStats = { lost: 0, late: 0, dropped: 0, duplicates: 0, underruns: 0, resyncs: 0 };
  private readonly delayFrames: number;
  private readonly maxFrames: number;
  private queue: BufferedPacket[] = [];
  private started = false;
  private ssrc = 0;
  private playTs = 0;
  private highestSeq = 0;
  private wait = 0;
  private lateRun = 0;
  private probe: BufferedPacket | undefined;
  private last: Int16Array | undefined;
  private concealed = false;

  constructor(options: { delayFrames?: number; maxFrames?: number } = {}) {
    this.delayFrames = Math.max(0, options.delayFrames ?? 2);
    this.maxFrames = Math.max(this.delayFrames + 2, options.maxFrames ?? this.delayFrames + 10);
  }

  get depth(): number {
    return this.queue.length;
  }

  push(packet: BufferedPacket): PushResult {
    if (!this.started || packet.ssrc !== this.ssrc) return this.restart(packet);
    const jumped = Math.abs(seqDelta(this.highestSeq, packet.sequence)) > MAX_SEQ_JUMP || tsDelta(this.playTs, packet.timestamp) > MAX_TS_AHEAD;
    if (jumped) {
      // One odd packet is noise; two in a row that follow each other are the new stream.
      const probe = this.probe;
      if (probe && seqDelta(probe.sequence, packet.sequence) === 1) {
        this.restart(probe);
        this.highestSeq = packet.sequence;
        this.insert(packet);
        return 'resync';
      }
      this.probe = packet;
      return 'probation';
    }
    this.probe = undefined;
    if (seqDelta(this.highestSeq, packet.sequence) > 0) this.highestSeq = packet.sequence;
    if (tsDelta(this.playTs, packet.timestamp) < 0) {
      // Late while nothing is queued means the sender resumed after a pause: rebase, drop nothing.
      if (this.queue.length === 0 || ++this.lateRun >= LATE_RUN_RESYNC) return this.restart(packet);
      this.stats.late++;
      return 'late';
    }
    this.lateRun = 0;
    return this.insert(packet);
  }

  /**
   * The frame for this tick: audio (received, or the last frame once more), null for silence, or
   * undefined while no stream has ever arrived.
   */
  pop(): Int16Array | null | undefined {
    if (!this.started) return undefined;
    if (this.wait > 0) {
      this.wait--;
      return null;
    }
    const start = this.playTs;
    const end = (start + FRAME_SAMPLES) >>> 0;
    this.playTs = end;
    let head = this.queue[0];
    if (head && head.timestamp === start && head.samples.length === FRAME_SAMPLES) {
      this.queue.shift();
      return this.played(head.samples);
    }
    let out: Int16Array | undefined;
    while (head && tsDelta(head.timestamp, end) > 0) {
      const offset = tsDelta(start, head.timestamp);
      const from = Math.max(0, -offset);
      const take = Math.min(head.samples.length - from, FRAME_SAMPLES - Math.max(0, offset));
      out ??= new Int16Array(FRAME_SAMPLES);
      if (take > 0) out.set(head.samples.subarray(from, from + take), Math.max(0, offset));
      if (from + take < head.samples.length) {
        // The rest belongs to the next frame.
        this.queue[0] = { ...head, timestamp: end, samples: head.samples.subarray(from + take) };
        break;
      }
      this.queue.shift();
      head = this.queue[0];
    }
    if (out) return this.played(out);
    if (head) this.stats.lost++;
    else this.stats.underruns++;
    if (head && this.last && !this.concealed) {
      this.concealed = true;
      return this.last.slice();
    }
    return null;
  }

  reset(): void {
    this.started = false;
    this.queue = [];
    this.probe = undefined;
    this.last = undefined;
  }

  private played(frame: Int16Array): Int16Array {
    this.last = frame;
    this.concealed = false;
    return frame;
  }

  private restart(packet: BufferedPacket): PushResult {
    const resync = this.started;
    if (resync) this.stats.resyncs++;
    this.started = true;
    this.ssrc = packet.ssrc;
    this.playTs = packet.timestamp;
    this.highestSeq = packet.sequence;
    this.wait = this.delayFrames;
    this.lateRun = 0;
    this.probe = undefined;
    this.stats.dropped += this.queue.length;
    this.queue = [packet];
    return resync ? 'resync' : 'queued';
  }

  private insert(packet: BufferedPacket): PushResult {
    let at = this.queue.length;
    while (at > 0) {
      const d = tsDelta(this.queue[at - 1]!.timestamp, packet.timestamp);
      if (d === 0) {
        this.stats.duplicates++;
        return 'duplicate';
      }
      if (d > 0) break;
      at--;
    }
    this.queue.splice(at, 0, packet);
    while (this.queue.length > this.maxFrames) {
      // The sender's clock runs faster than ours: skip ahead rather than let latency grow.
      const oldest = this.queue.shift()!;
      this.playTs = (oldest.timestamp + FRAME_SAMPLES) >>> 0;
      this.stats.dropped++;
    }
    return 'queued';
  }
}
