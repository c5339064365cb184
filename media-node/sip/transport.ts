/** Where a message came from or goes to; TCP messages to a peer reuse its open connection. */
export interface SipSource {
  transport: 'udp' | 'tcp';
  address: string;
  port: number;
}

export type ReceiveHandler = (data: Buffer, source: SipSource) => void;

export interface SipTransport {
  send(to: SipSource, data: Buffer): Promise<void>;
  close(): Promise<void>;
}

/** Node reports IPv4 peers of dual-stack sockets as ::ffff:a.b.c.d; SIP wants the plain form. */
export function plainAddress(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
