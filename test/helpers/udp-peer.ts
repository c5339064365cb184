import { createSocket, type Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';

export interface Datagram {
  data: Buffer;
  /** Arrival time, ms on the performance.now() clock. */
  atMs: number;
  from: { address: string; port: number };
}

/**
 * A bare UDP socket on loopback playing the far end by hand: sends bytes, keeps every datagram it
 * receives. Protocol helpers (SIP, RTP) extend it with their own reading of the datagrams.
 */
export class UdpPeer {
  readonly datagrams: Datagram[] = [];
  private waiters: (() => void)[] = [];

  protected constructor(readonly socket: Socket) {
    socket.on('message', (data, rinfo) => {
      this.datagrams.push({ data, atMs: performance.now(), from: { address: rinfo.address, port: rinfo.port } });
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static async open(): Promise<UdpPeer> {
    return new UdpPeer(await bindLoopback());
  }

  get port(): number {
    return this.socket.address().port;
  }

  send(port: number, data: Uint8Array | string): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    return new Promise((resolve, reject) => this.socket.send(bytes, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
  }

  /** Re-checks `done` as each datagram arrives; false if `ms` passed first. */
  async until(done: () => boolean, ms: number): Promise<boolean> {
    const deadline = performance.now() + ms;
    while (!done()) {
      const left = deadline - performance.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return true;
  }

  clear(): void {
    this.datagrams.length = 0;
  }

  close(): void {
    this.socket.close();
  }
}

export async function bindLoopback(): Promise<Socket> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket;
}
