import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';

export interface RtpPorts {
  readonly port: number;
  readonly rtp: Socket;
  readonly rtcp: Socket;
  release(): void;
}

export class RtpPortsExhausted extends Error {
  readonly code = 'RTP_PORTS_EXHAUSTED';
  constructor(min: number, max: number) {
    super(`no free RTP port pair in ${min}-${max}`);
    this.name = 'RtpPortsExhausted';
  }
}

export class RtpPortRangeInvalid extends Error {
  readonly code = 'RTP_PORT_RANGE_INVALID';
  constructor(min: number, max: number) {
    super(`RTP port range ${min}-${max} holds no even/odd pair`);
    this.name = 'RtpPortRangeInvalid';
  }
}

function bind(host: string, port: number): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4' });
    const onError = () => {
      socket.close();
      resolve(undefined);
    };
    socket.once('error', onError);
    socket.bind({ address: host, port, exclusive: true }, () => {
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

/**
 * Hands out RTP/RTCP pairs (even, even + 1) from a range. Another process may hold some of the ports,
 * so a pair counts as free only once both binds succeed. The cursor keeps moving forward so a freed
 * pair is not reused at once: late packets of the old call would land in the new one.
 */
export class RtpPortPool {
  private readonly host: string;
  private readonly first: number;
  private readonly pairs: number;
  private readonly mine = new Set<number>();
  private cursor = 0;

  constructor(options: { host: string; min: number; max: number }) {
    this.host = options.host;
    this.first = options.min % 2 === 0 ? options.min : options.min + 1;
    this.pairs = Math.floor((options.max - this.first + 1) / 2);
    if (!Number.isInteger(options.min) || !Number.isInteger(options.max) || options.min < 1 || options.max > 65535 || this.pairs < 1) {
      throw new RtpPortRangeInvalid(options.min, options.max);
    }
  }

  get inUse(): number {
    return this.mine.size;
  }

  async allocate(): Promise<RtpPorts> {
    for (let tried = 0; tried < this.pairs; tried++) {
      const port = this.first + 2 * ((this.cursor + tried) % this.pairs);
      if (this.mine.has(port)) continue;
      this.mine.add(port); // reserve before awaiting so concurrent allocations do not race for it
      const rtp = await bind(this.host, port);
      const rtcp = rtp && (await bind(this.host, port + 1));
      if (rtp && rtcp) {
        this.cursor = (this.cursor + tried + 1) % this.pairs;
        return this.pair(port, rtp, rtcp);
      }
      rtp?.close();
      this.mine.delete(port);
    }
    throw new RtpPortsExhausted(this.first, this.first + 2 * this.pairs - 1);
  }

  private pair(port: number, rtp: Socket, rtcp: Socket): RtpPorts {
    let released = false;
    return {
      port,
      rtp,
      rtcp,
      release: () => {
        if (released) return;
        released = true;
        rtp.close();
        rtcp.close();
        this.mine.delete(port);
      },
    };
  }
}
