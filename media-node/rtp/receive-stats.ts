import { SAMPLE_RATE } from '../audio/pcm.js';
import { seqDelta } from './packet.js';

/**
 * RFC 3550 §6.4.1 / appendix A.3 and A.8 receiver statistics: loss from the extended highest
 * sequence number against packets received, and interarrival jitter, kept per SSRC and summed.
 */
export class ReceiveStats {
  packetsIn = 0;
  bytesIn = 0;
  ssrcChanges = 0;
  private ssrc: number | undefined;
  private baseSeq = 0;
  private maxExt = 0;
  private received = 0;
  private lostBefore = 0;
  private transit: number | undefined;
  private jitter = 0;

  /** Returns true when this packet starts a new SSRC. */
  onPacket(ssrc: number, sequence: number, bytes: number): boolean {
    this.packetsIn++;
    this.bytesIn += bytes;
    let changed = false;
    if (this.ssrc !== ssrc) {
      changed = this.ssrc !== undefined;
      if (changed) this.ssrcChanges++;
      this.lostBefore += this.currentLost();
      this.ssrc = ssrc;
      this.baseSeq = sequence;
      this.maxExt = sequence;
      this.received = 0;
      this.transit = undefined;
    }
    this.received++;
    const d = seqDelta(this.maxExt & 0xffff, sequence);
    if (d > 0) this.maxExt += d;
    return changed;
  }

  /** Audio packets only: event packets repeat one timestamp and would read as jitter. */
  onAudioTiming(timestamp: number, arrivalMs: number): void {
    const transit = ((arrivalMs * SAMPLE_RATE) / 1000 - timestamp) | 0;
    if (this.transit !== undefined) {
      const d = Math.abs((transit - this.transit) | 0);
      this.jitter += (d - this.jitter) / 16;
    }
    this.transit = transit;
  }

  get lost(): number {
    return this.lostBefore + this.currentLost();
  }

  get jitterMs(): number {
    return (this.jitter * 1000) / SAMPLE_RATE;
  }

  private currentLost(): number {
    if (this.ssrc === undefined) return 0;
    // Duplicates (sipp repeats its final event packet verbatim) would make this negative.
    return Math.max(0, this.maxExt - this.baseSeq + 1 - this.received);
  }
}
