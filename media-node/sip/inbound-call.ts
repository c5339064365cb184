import { sdpOf } from './body.js';
import { newTag } from './build.js';
import { CallBase, type EndReason, type ReofferAnswer } from './call-base.js';
import { Dialog } from './dialog.js';
import { diversionsOf, userOf, type DiversionEntry } from './diversion.js';
import { SipStateError } from './errors.js';
import { parseNameAddr } from './headers.js';
import { header, headerValues, type SipRequest } from './message.js';
import type { SipStack } from './stack.js';
import type { ServerTransaction } from './transactions.js';
import type { SipSource } from './transport.js';

export interface Party {
  uri: string;
  user: string;
  displayName?: string;
}

function party(value: string | undefined): Party {
  const addr = parseNameAddr(value ?? '');
  const result: Party = { uri: addr.uri, user: userOf(addr.uri) };
  if (addr.displayName !== undefined) result.displayName = addr.displayName;
  return result;
}

export interface InboundCall {
  readonly callId: string;
  readonly from: Party;
  readonly to: Party;
  readonly requestUri: string;
  /** User part of the Request-URI. */
  readonly dialled: string;
  /** Diversion (RFC 5806) and History-Info (RFC 7044) parsed, oldest (the original called party) first. */
  readonly diversions: DiversionEntry[];
  readonly source: SipSource;
  /** SDP body (also extracted from a multipart/mixed body). */
  readonly offer: string | undefined;
  readonly body: { contentType: string; content: Buffer } | undefined;
  header(name: string): string | undefined;
  headers(name: string): string[];
  /** Aborts when the call ends for any reason. */
  readonly signal: AbortSignal;
  ringing(): void;
  /**
   * 200 OK retransmitted (timer G) until ACK; rejects and sends BYE when no ACK within 64*T1.
   * Resolves with the ACK's SDP, which is the answer when the INVITE had no offer (ours is `sdp`).
   */
  answer(sdp: string): Promise<string | undefined>;
  reject(status: number, reason?: string, headers?: Record<string, string>): void;
  /** BYE, or 480 when not answered yet. */
  hangup(): Promise<void>;
  on(event: 'ended', l: (reason: EndReason) => void): this;
  on(event: 'reoffer', l: (sdp: string, respond: (answer: ReofferAnswer) => void, body?: { contentType: string; content: Buffer }) => void): this;
  on(event: 'dtmf', l: (digit: string) => void): this;
  on(event: 'info', l: (contentType: string, body: string) => void): this;
}

/** The UAS side of one call, from the dialog-creating INVITE to its end. */
export class InboundSipCall extends CallBase implements InboundCall {
  readonly callId: string;
  readonly from: Party;
  readonly to: Party;
  readonly requestUri: string;
  readonly dialled: string;
  readonly diversions: DiversionEntry[];
  readonly offer: string | undefined;
  readonly body: { contentType: string; content: Buffer } | undefined;
  private state: 'early' | 'answering' | 'confirmed' = 'early';

  constructor(stack: SipStack, private readonly invite: SipRequest, private readonly transaction: ServerTransaction, readonly source: SipSource) {
    super(stack);
    this.callId = header(invite, 'Call-ID') as string;
    this.from = party(header(invite, 'From'));
    this.to = party(header(invite, 'To'));
    this.requestUri = invite.uri;
    this.dialled = userOf(invite.uri);
    this.diversions = diversionsOf(invite);
    this.offer = sdpOf(invite);
    this.body = invite.body.length > 0 ? { contentType: header(invite, 'Content-Type') ?? 'application/sdp', content: invite.body } : undefined;
    // RFC 7866 §6.1.2: an SRS marks every recording session's Contact with +sip.srs, in answers to re-INVITEs too.
    if (headerValues(invite, 'Require').some((tag) => tag.toLowerCase() === 'siprec')) this.contactFeatures = ';+sip.srs';
    this.dialog = Dialog.uas(invite, newTag(), source);
    stack.addDialog(this.dialog, this);
  }

  header(name: string): string | undefined {
    return header(this.invite, name);
  }

  headers(name: string): string[] {
    return headerValues(this.invite, name);
  }

  ringing(): void {
    if (this.state === 'early' && !this.ended) this.respond(this.transaction, 180);
  }

  async answer(sdp: string): Promise<string | undefined> {
    if (this.ended || this.state !== 'early') throw new SipStateError(`cannot answer a call that is ${this.ended ? 'over' : 'answered'}`);
    this.state = 'answering';
    const ackSdp = await this.sendSuccess(this.transaction, sdp);
    this.state = 'confirmed';
    return ackSdp;
  }

  reject(status: number, reason?: string, headers?: Record<string, string>): void {
    if (this.ended || this.state !== 'early') throw new SipStateError('cannot reject a call that is answered or over');
    if (status < 300 || status > 699) throw new RangeError('reject needs a 3xx-6xx status');
    this.respond(this.transaction, status, { ...(reason ? { reason } : {}), ...(headers ? { headers } : {}) });
    this.end('local-bye');
  }

  async hangup(): Promise<void> {
    if (this.ended) return;
    if (this.state === 'early') {
      this.respond(this.transaction, 480);
      this.end('local-bye');
      return;
    }
    await this.sendBye('local-bye');
  }

  matches(transaction: ServerTransaction): boolean {
    return this.transaction === transaction;
  }

  /** CANCEL matched our INVITE while no final response had gone out. */
  cancelled(): void {
    if (this.ended || this.state !== 'early') return;
    this.respond(this.transaction, 487);
    this.end('cancelled');
  }

  protected override onRemoteBye(): void {
    // A BYE before any final response (RFC 3261 §15.1.2) also terminates the pending INVITE.
    if (this.state === 'early') this.respond(this.transaction, 487);
    super.onRemoteBye();
  }
}
