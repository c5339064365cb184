import { parseRtp, type RtpPacket } from '../../../../media-node/rtp/packet.js';
import { bindLoopback, UdpPeer } from '../../../helpers/udp-peer.js';

export interface Received {
  packet: RtpPacket;
  atMs: number;
  from: { address: string; port: number };
}

/** A UDP peer playing the far end of an RTP session: reads what the session sends it as RTP. */
export class RtpPeer extends UdpPeer {
  static override async open(): Promise<RtpPeer> {
    return new RtpPeer(await bindLoopback());
  }

  /** The RTP packets received so far; datagrams that are not RTP are left out. */
  get received(): Received[] {
    return this.datagrams.flatMap(({ data, atMs, from }) => {
      const parsed = parseRtp(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      return parsed.ok ? [{ packet: parsed.packet, atMs, from }] : [];
    });
  }

  /** Waits for `count` RTP packets in all and returns them; throws if `ms` passes first. */
  async waitFor(count: number, ms = 5000): Promise<Received[]> {
    if (!(await this.until(() => this.received.length >= count, ms))) throw new Error(`peer got ${this.received.length} packets, expected ${count}`);
    return this.received;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
