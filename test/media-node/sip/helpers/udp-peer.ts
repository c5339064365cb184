import { createSocket, type Socket } from 'node:dgram';
import { parseMessage, type SipResponse } from '../../../../media-node/sip/message.js';

/** A raw UDP socket that plays a SIP peer by hand: sends bytes, collects what comes back. */
export class UdpPeer {
  readonly received: Buffer[] = [];
  /** Arrival time (ms, performance.now) of each received datagram. */
  readonly times: number[] = [];
  private waiters: (() => void)[] = [];

  private constructor(private readonly socket: Socket) {
    socket.on('message', (data) => {
      this.received.push(data);
      this.times.push(performance.now());
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

  send(port: number, data: Buffer | string): void {
    this.socket.send(typeof data === 'string' ? Buffer.from(data) : data, port, '127.0.0.1');
  }

  /** Waits until `count` datagrams in total have arrived, or `ms` elapsed. */
  async waitFor(count: number, ms = 2000): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (this.received.length < count) {
      const left = deadline - Date.now();
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

  /** Waits until some received datagram's text satisfies `match`; returns its text, or undefined after `ms`. */
  async waitForText(match: (text: string) => boolean, ms = 3000): Promise<string | undefined> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.texts().find(match);
      if (found !== undefined || Date.now() >= deadline) return found;
      await this.waitFor(this.received.length + 1, deadline - Date.now());
    }
  }

  texts(): string[] {
    return this.received.map((d) => d.toString('utf8'));
  }

  /** Arrival times of the datagrams whose text satisfies `match`. */
  timesOf(match: (text: string) => boolean): number[] {
    return this.received.flatMap((d, i) => (match(d.toString('utf8')) ? [this.times[i] as number] : []));
  }

  responses(): SipResponse[] {
    return this.received.map((d) => parseMessage(d).message).filter((m): m is SipResponse => m.kind === 'response');
  }

  /** The last final (non-1xx) response received so far. */
  finalResponse(): SipResponse | undefined {
    return this.responses().filter((r) => r.status >= 200).at(-1);
  }

  clear(): void {
    this.received.length = 0;
    this.times.length = 0;
  }

  close(): void {
    this.socket.close();
  }
}
