import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/**
 * A loopback port free on both UDP and TCP right now, for a child process or a server that must be
 * told its port before it starts (sipp binds both kinds depending on -t; HTTP needs TCP). Another
 * process may still take it before ours does, so use port 0 wherever the code allows.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const udp = createSocket('udp4');
    const port = await new Promise<number>((resolve) => udp.bind(0, '127.0.0.1', () => resolve(udp.address().port)));
    const tcp = createServer();
    const ok = await new Promise<boolean>((resolve) => {
      tcp.once('error', () => resolve(false));
      tcp.listen(port, '127.0.0.1', () => resolve(true));
    });
    await new Promise<void>((resolve) => udp.close(() => resolve()));
    if (ok) {
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
      return port;
    }
  }
}
