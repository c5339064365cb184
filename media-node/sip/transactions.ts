import type { NodeLogger } from '../log.js';
import { parseCSeq, parseNameAddr, parseVia } from './headers.js';
import { header, headerLines, headerValues, serialize, type SipRequest, type SipResponse } from './message.js';
import { retransmit, type SipTimers } from './timers.js';
import type { SipSource } from './transport.js';

export interface TransactionDeps {
  send(to: SipSource, data: Buffer): Promise<void>;
  timers: SipTimers;
  log: NodeLogger;
}

const MAGIC = 'z9hG4bK';

/**
 * RFC 3261 §17.2.3 matching key. ACK and CANCEL are keyed under the INVITE's method only when
 * `as` says so, because CANCEL is its own transaction but must find the INVITE it cancels.
 */
export function serverKey(request: SipRequest, as: string = request.method === 'ACK' ? 'INVITE' : request.method): string {
  const via = parseVia(headerValues(request, 'Via')[0] as string);
  const sentBy = `${via.host}:${via.port ?? ''}`;
  const branch = via.params.branch;
  if (branch?.startsWith(MAGIC)) return `${branch}|${sentBy}|${as}`;
  // RFC 2543 peers have no usable branch: fall back to the dialog and sequence identifiers.
  const from = parseNameAddr(header(request, 'From') ?? '');
  const cseq = parseCSeq(header(request, 'CSeq') ?? '');
  return `2543|${header(request, 'Call-ID')}|${cseq.seq}|${from.params.tag ?? ''}|${sentBy}|${branch ?? ''}|${as}`;
}

export function clientKey(branch: string, method: string): string {
  return `${branch}|${method === 'ACK' ? 'INVITE' : method}`;
}

type ServerState = 'proceeding' | 'completed' | 'confirmed' | 'accepted' | 'terminated';

export class ServerTransaction {
  state: ServerState = 'proceeding';
  private last: Buffer | undefined;
  private stop: (() => void) | undefined;

  constructor(
    readonly key: string,
    readonly request: SipRequest,
    readonly source: SipSource,
    private readonly deps: TransactionDeps,
    private readonly onTerminated: (t: ServerTransaction) => void,
  ) {}

  get isInvite(): boolean {
    return this.request.method === 'INVITE';
  }

  private get reliable(): boolean {
    return this.source.transport === 'tcp';
  }

  private transmit(): void {
    if (this.last) this.deps.send(this.source, this.last).catch((error: Error) => this.deps.log.debug('sip response send failed', { error: error.message }));
  }

  /** Sends a response; returns false when a final response was already sent. */
  respond(response: SipResponse): boolean {
    if (this.state !== 'proceeding') return false;
    this.last = serialize(response);
    const { T1, T2 } = this.deps.timers;
    if (response.status < 200) {
      this.transmit();
      return true;
    }
    if (this.isInvite && response.status < 300) {
      // RFC 6026 Accepted: absorb INVITE retransmissions while the TU retransmits the 2xx.
      this.state = 'accepted';
      this.transmit();
      this.later(64 * T1);
    } else if (this.isInvite) {
      this.state = 'completed';
      this.stop = retransmit(() => this.transmit(), this.deps.timers, {
        cap: T2,
        giveUpAfter: 64 * T1,
        resend: !this.reliable,
        // Timer H: the rejection was never acknowledged; nothing is left to do but forget it.
        onGiveUp: () => this.terminate(),
      });
    } else {
      this.state = 'completed';
      this.transmit();
      this.later(this.reliable ? 0 : 64 * T1);
    }
    return true;
  }

  get finalSent(): boolean {
    return this.state !== 'proceeding';
  }

  /** A retransmitted request: repeat the last response, if any. */
  retransmission(): void {
    if (this.state === 'proceeding' || this.state === 'completed') this.transmit();
  }

  /** ACK for a non-2xx final; returns true when it belonged here. */
  ack(): boolean {
    if (this.state === 'confirmed') return true;
    if (this.state !== 'completed' || !this.isInvite) return false;
    this.state = 'confirmed';
    this.stop?.();
    this.later(this.reliable ? 0 : this.deps.timers.T4);
    return true;
  }

  private later(ms: number): void {
    setTimeout(() => this.terminate(), ms).unref();
  }

  terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.stop?.();
    this.onTerminated(this);
  }
}

export interface ClientHandlers {
  provisional?(response: SipResponse): void;
  final(response: SipResponse): void;
  /** 2xx retransmissions to an INVITE after the first one; the TU re-sends its ACK. */
  retransmitted2xx?(response: SipResponse): void;
  /** Timer B/F fired or the transport failed: no response will come. */
  failed(reason: 'timeout' | 'transport-error'): void;
}

export class ClientTransaction {
  private state: 'calling' | 'proceeding' | 'accepted' | 'completed' | 'terminated' = 'calling';
  private stop: (() => void) | undefined;
  private ackData: Buffer | undefined;

  constructor(
    readonly key: string,
    readonly request: SipRequest,
    readonly destination: SipSource,
    private readonly deps: TransactionDeps,
    private readonly handlers: ClientHandlers,
    private readonly onTerminated: (t: ClientTransaction) => void,
  ) {}

  private get reliable(): boolean {
    return this.destination.transport === 'tcp';
  }

  start(): void {
    const data = serialize(this.request);
    const { T1, T2 } = this.deps.timers;
    const invite = this.request.method === 'INVITE';
    this.stop = retransmit(
      () =>
        this.deps.send(this.destination, data).catch((error: Error) => {
          this.deps.log.debug('sip request send failed', { error: error.message });
          this.fail('transport-error');
        }),
      this.deps.timers,
      { ...(invite ? {} : { cap: T2 }), giveUpAfter: 64 * T1, resend: !this.reliable, onGiveUp: () => this.fail('timeout') },
    );
  }

  private fail(reason: 'timeout' | 'transport-error'): void {
    if (this.state !== 'calling' && this.state !== 'proceeding') return;
    this.stop?.();
    this.terminate();
    this.handlers.failed(reason);
  }

  receive(response: SipResponse): void {
    const invite = this.request.method === 'INVITE';
    if (response.status < 200) {
      if (this.state !== 'calling' && this.state !== 'proceeding') return;
      // An INVITE that got a provisional answer waits for the TU (which may CANCEL), not for timer B.
      if (invite) this.stop?.();
      this.state = 'proceeding';
      this.handlers.provisional?.(response);
      return;
    }
    if (this.state === 'accepted') {
      if (response.status < 300) this.handlers.retransmitted2xx?.(response);
      return;
    }
    if (this.state === 'completed') {
      if (this.ackData) this.sendAck();
      return;
    }
    if (this.state === 'terminated') return;
    this.stop?.();
    const { T1, T4 } = this.deps.timers;
    if (invite && response.status < 300) {
      this.state = 'accepted';
      this.later(64 * T1);
    } else {
      this.state = 'completed';
      if (invite) {
        this.ackData = serialize(nonSuccessAck(this.request, response));
        this.sendAck();
        this.later(this.reliable ? 0 : 64 * T1);
      } else this.later(this.reliable ? 0 : T4);
    }
    this.handlers.final(response);
  }

  /** The endpoint is closing: whoever waits for this transaction hears it failed. */
  abort(): void {
    this.fail('transport-error');
    this.terminate();
  }

  private sendAck(): void {
    if (this.ackData) this.deps.send(this.destination, this.ackData).catch(() => undefined);
  }

  private later(ms: number): void {
    setTimeout(() => this.terminate(), ms).unref();
  }

  terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.stop?.();
    this.onTerminated(this);
  }
}

/** RFC 3261 §17.1.1.3: the ACK for a non-2xx final is part of the INVITE transaction. */
function nonSuccessAck(invite: SipRequest, response: SipResponse): SipRequest {
  const cseq = parseCSeq(header(invite, 'CSeq') ?? '');
  const headers = [
    { name: 'Via', value: headerValues(invite, 'Via')[0] as string },
    ...headerLines(invite, 'Route').map((value) => ({ name: 'Route', value })),
    { name: 'Max-Forwards', value: '70' },
    { name: 'From', value: header(invite, 'From') as string },
    { name: 'To', value: header(response, 'To') ?? (header(invite, 'To') as string) },
    { name: 'Call-ID', value: header(invite, 'Call-ID') as string },
    { name: 'CSeq', value: `${cseq.seq} ACK` },
  ];
  return { kind: 'request', method: 'ACK', uri: invite.uri, headers, body: Buffer.alloc(0) };
}
