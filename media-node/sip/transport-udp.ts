import { createSocket, type Socket } from 'node:dgram';
import type { NodeLogger } from '../log.js';
import { SipTransportError } from './errors.js';
import { plainAddress, type ReceiveHandler, type SipTransport, type SipSource } from './transport.js';

export class UdpTransport implements SipTransport {
  private constructor(private readonly socket: Socket) {}

  static async bind(host: string, port: number, onMessage: ReceiveHandler, log: NodeLogger): Promise<UdpTransport> {
    const socket = createSocket({ type: host.includes(':') ? 'udp6' : 'udp4' });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.on('error', (error) => log.warn('sip udp socket error', { error: error.message }));
    socket.on('message', (data, rinfo) => {
      // Blank datagrams are NAT keep-alives (RFC 5626 §3.5.1), not messages.
      if (data.every((b) => b === 0x0d || b === 0x0a || b === 0x20)) return;
      onMessage(data, { transport: 'udp', address: plainAddress(rinfo.address), port: rinfo.port });
    });
    return new UdpTransport(socket);
  }

  get port(): number {
    return this.socket.address().port;
  }

  send(to: SipSource, data: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.send(data, to.port, to.address, (error) => (error ? reject(new SipTransportError(error.message)) : resolve()));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      try {
        this.socket.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }
}
