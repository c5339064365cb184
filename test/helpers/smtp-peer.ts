import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SmtpPeer {
  port: number;
  /** Every message accepted, raw. */
  received: Buffer[];
  close: () => Promise<void>;
}

/** A real SMTP peer on an ephemeral port; `rejectRcpt` is the reply code given to every recipient. */
export async function smtpPeer(options: { rejectRcpt?: number } = {}): Promise<SmtpPeer> {
  const received: Buffer[] = [];
  const server = new SMTPServer({
    authOptional: true, secure: false, disabledCommands: ['STARTTLS'], logger: false,
    onRcptTo(_address, _session, callback) {
      if (!options.rejectRcpt) return callback();
      callback(Object.assign(new Error(options.rejectRcpt >= 500 ? '5.1.1 mailbox unavailable' : '4.7.1 greylisted, try later'), { responseCode: options.rejectRcpt }));
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push(Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
