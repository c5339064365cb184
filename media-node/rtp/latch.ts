export interface RtpAddress {
  address: string;
  port: number;
}

/** Packets a new source must send with one SSRC before we move to it (a PBX moving the media). */
const RELATCH_PACKETS = 5;

/**
 * Symmetric RTP (RFC 4961 spirit, as behind NAT): send to where the remote's packets come from once
 * they arrive, to the SDP address before that. Once latched, other sources are ignored unless one
 * keeps sending the same SSRC for several packets in a row.
 */
export class SourceLatch {
  private latched: RtpAddress | undefined;
  private candidate: { address: string; port: number; ssrc: number; count: number } | undefined;

  constructor(private signalled: RtpAddress) {}

  get target(): RtpAddress {
    return this.latched ?? this.signalled;
  }

  get isLatched(): boolean {
    return this.latched !== undefined;
  }

  /** Whether a packet from this source belongs to the call. */
  accept(address: string, port: number, ssrc: number): boolean {
    const current = this.latched;
    if (current && current.address === address && current.port === port) {
      this.candidate = undefined;
      return true;
    }
    if (current) {
      const c = this.candidate;
      if (c && c.address === address && c.port === port && c.ssrc === ssrc) c.count++;
      else this.candidate = { address, port, ssrc, count: 1 };
      if (this.candidate!.count < RELATCH_PACKETS) return false;
    }
    this.latched = { address, port };
    this.candidate = undefined;
    return true;
  }

  /** A re-INVITE gave a new address: start over from it. */
  reset(signalled: RtpAddress): void {
    this.signalled = signalled;
    this.latched = undefined;
    this.candidate = undefined;
  }
}
