import { createServer, connect, type Server, type Socket } from 'node:net';
import type { NodeLogger } from '../log.js';
import { SipTransportError } from './errors.js';
import { StreamFramer } from './stream-framer.js';
import { plainAddress, type ReceiveHandler, type SipSource, type SipTransport } from './transport.js';

const IDLE_MS = 10 * 60_000;

export class TcpTransport implements SipTransport {
  private readonly connections = new Map<string, Socket>();
  private readonly pending = new Map<string, Promise<Socket>>();

  private constructor(private readonly server: Server, private readonly onMessage: ReceiveHandler, private readonly log: NodeLogger) {
    server.on('connection', (socket) => this.adopt(socket));
  }

  static async listen(host: string, port: number, onMessage: ReceiveHandler, log: NodeLogger): Promise<TcpTransport> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) => log.warn('sip tcp server error', { error: error.message }));
    return new TcpTransport(server, onMessage, log);
  }

  private adopt(socket: Socket): void {
    const source: SipSource = { transport: 'tcp', address: plainAddress(socket.remoteAddress ?? ''), port: socket.remotePort ?? 0 };
    this.wire(socket, `${source.address}:${source.port}`, source);
  }

  /** Frames what a connection carries; `key` is the address later sends to this peer look up. */
  private wire(socket: Socket, key: string, source: SipSource): void {
    this.connections.set(key, socket);
    const framer = new StreamFramer();
    socket.setTimeout(IDLE_MS, () => socket.destroy());
    socket.on('data', (chunk) => {
      try {
        for (const message of framer.push(chunk)) this.onMessage(message, source);
      } catch (error) {
        this.log.warn('sip tcp stream unframeable, closing', { peer: key, error: (error as Error).message });
        socket.destroy();
      }
    });
    socket.on('error', (error) => this.log.debug('sip tcp connection error', { peer: key, error: error.message }));
    socket.on('close', () => {
      if (this.connections.get(key) === socket) this.connections.delete(key);
    });
  }

  private async connection(to: SipSource): Promise<Socket> {
    const key = `${to.address}:${to.port}`;
    const open = this.connections.get(key);
    if (open && !open.destroyed) return open;
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const opening = new Promise<Socket>((resolve, reject) => {
      const socket = connect({ host: to.address, port: to.port });
      socket.once('connect', () => {
        socket.off('error', reject);
        // Keyed by the peer's listening address, so later requests and responses reuse it.
        this.wire(socket, key, to);
        resolve(socket);
      });
      socket.once('error', (error) => reject(new SipTransportError(`connect ${key}: ${error.message}`)));
    });
    this.pending.set(key, opening);
    try {
      return await opening;
    } finally {
      this.pending.delete(key);
    }
  }

  async send(to: SipSource, data: Buffer): Promise<void> {
    const socket = await this.connection(to);
    await new Promise<void>((resolve, reject) => socket.write(data, (error) => (error ? reject(new SipTransportError(error.message)) : resolve())));
  }

  close(): Promise<void> {
    for (const socket of this.connections.values()) socket.destroy();
    this.connections.clear();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
