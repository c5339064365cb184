import { createSocket, type Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { parseRtp, type RtpPacket } from '../../../../media-node/rtp/packet.js';

export interface Received {
  packet: RtpPacket;
  atMs: number;
  from: { address: string; port: number };
}

/** A bare UDP socket on loopback playing the far end: records what the session sends it. */
export class UdpPeer {
  readonly received: Received[] = [];
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: Socket) {
    socket.on('message', (msg, rinfo) => {
      const parsed = parseRtp(new Uint8Array(msg));
      if (!parsed.ok) return;
      this.received.push({ packet: { ...parsed.packet, payload: Uint8Array.from(parsed.packet.payload) }, atMs: performance.now(), from: { address: rinfo.address, port: rinfo.port } });
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static async open(): Promise<UdpPeer> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new UdpPeer(socket);
  }

  get port(): number {
    return this.socket.address().port;
  }

  send(data: Uint8Array, port: number): Promise<void> {
    return new Promise((resolve, reject) => this.socket.send(data, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
  }

  async waitFor(count: number, timeoutMs = 5000): Promise<Received[]> {
    const deadline = performance.now() + timeoutMs;
    while (this.received.length < count) {
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`peer got ${this.received.length} packets, expected ${count}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.received;
  }

  close(): void {
    this.socket.close();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
