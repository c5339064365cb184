/**
 * A phone subscribing to message-summary, played by hand over a raw UDP socket: it sends
 * SUBSCRIBEs (the first out of dialog, later ones in the dialog the 200 created), answers every
 * NOTIFY with 200 and keeps them, so a test reads what the lamp would show.
 */
import { randomUUID } from 'node:crypto';
import { parseMessage, header, type SipRequest, type SipResponse } from '../../../media-node/sip/message.js';
import { SipPeer } from '../sip/helpers/sip-peer.js';
import { rawResponse } from '../sip/helpers/raw.js';

export interface SubscribeOptions {
  /** Expires header; omitted when undefined. */
  expires?: number;
  event?: string;
  /** Leaves the Contact header out (a broken phone). */
  noContact?: boolean;
}

export class Subscriber {
  readonly notifies: SipRequest[] = [];
  private readonly callId = randomUUID();
  private readonly fromTag = randomUUID().slice(0, 8);
  private cseq = 0;
  /** The node's tag, learnt from the 200: later SUBSCRIBEs go in the dialog. */
  toTag: string | undefined;

  private constructor(private readonly peer: SipPeer, private readonly nodePort: number, private readonly mailbox: string) {
    peer.socket.on('message', (data) => {
      const { message } = parseMessage(data);
      if (message.kind !== 'request' || message.method !== 'NOTIFY') return;
      this.notifies.push(message);
      void peer.send(nodePort, rawResponse(data.toString('utf8'), '200 OK'));
    });
  }

  static async open(nodePort: number, mailbox = '2001'): Promise<Subscriber> {
    return new Subscriber(await SipPeer.open(), nodePort, mailbox);
  }

  /** Sends a SUBSCRIBE and resolves with the node's final response to it. */
  async subscribe(options: SubscribeOptions = {}): Promise<SipResponse> {
    const seq = ++this.cseq;
    const port = this.peer.port;
    const text = [
      `SUBSCRIBE sip:${this.mailbox}@127.0.0.1:${this.nodePort} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK${randomUUID().slice(0, 12)};rport`,
      `From: <sip:${this.mailbox}@127.0.0.1>;tag=${this.fromTag}`,
      `To: <sip:${this.mailbox}@127.0.0.1>${this.toTag ? `;tag=${this.toTag}` : ''}`,
      `Call-ID: ${this.callId}`,
      `CSeq: ${seq} SUBSCRIBE`,
      ...(options.noContact ? [] : [`Contact: <sip:${this.mailbox}@127.0.0.1:${port}>`]),
      `Event: ${options.event ?? 'message-summary'}`,
      'Accept: application/simple-message-summary',
      ...(options.expires !== undefined ? [`Expires: ${options.expires}`] : []),
      'Max-Forwards: 70',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    await this.peer.send(this.nodePort, text);
    const isAnswer = (r: SipResponse) => r.status >= 200 && header(r, 'CSeq') === `${seq} SUBSCRIBE`;
    const arrived = await this.peer.until(() => this.peer.responses().some(isAnswer), 3000);
    if (!arrived) throw new Error(`no final response to SUBSCRIBE ${seq}`);
    const response = this.peer.responses().find(isAnswer) as SipResponse;
    if (response.status === 200) this.toTag ??= /;\s*tag=([^;\s]+)/.exec(header(response, 'To') ?? '')?.[1];
    return response;
  }

  /** Waits until `count` NOTIFYs arrived in all; false after `ms`. */
  waitNotifies(count: number, ms = 3000): Promise<boolean> {
    return this.peer.until(() => this.notifies.length >= count, ms);
  }

  close(): void {
    this.peer.close();
  }
}

export const stateOf = (notify: SipRequest | undefined) => (notify ? header(notify, 'Subscription-State') : undefined);
export const bodyOf = (notify: SipRequest | undefined) => notify?.body.toString('utf8');
