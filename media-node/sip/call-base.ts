import { EventEmitter } from 'node:events';
import { sdpOf } from './body.js';
import { ALLOW, KNOWN_NOT_SERVED, buildResponse, type ResponseOptions } from './build.js';
import type { Dialog } from './dialog.js';
import { SipStateError, SipTimeout } from './errors.js';
import { parseCSeq } from './headers.js';
import { header, type SipRequest } from './message.js';
import { infoDigit } from './info-dtmf.js';
import { requestOnce, type DialogOwner, type SipStack } from './stack.js';
import { retransmit } from './timers.js';
import type { ServerTransaction } from './transactions.js';

export type EndReason = 'remote-bye' | 'local-bye' | 'cancelled' | 'ack-timeout' | 'transport-error';
export type ReofferAnswer = { sdp: string } | { status: number };

interface PendingAck {
  seq: number;
  stop: () => void;
  /** Resolves with the ACK's SDP: the answer when the INVITE came without an offer. */
  resolve: (ackSdp: string | undefined) => void;
  reject: (error: Error) => void;
}

/** In-dialog behaviour shared by inbound and outbound calls: BYE, re-INVITE, INFO, OPTIONS, 2xx/ACK. */
export abstract class CallBase extends EventEmitter implements DialogOwner {
  protected dialog: Dialog | undefined;
  protected ended = false;
  /** Feature tags our Contact carries in 2xx answers (RFC 3840), e.g. ';+sip.srs' for a recording session. */
  protected contactFeatures = '';
  private readonly controller = new AbortController();
  private pendingAck: PendingAck | undefined;
  private reofferPending = false;

  constructor(protected readonly stack: SipStack) {
    super();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  protected end(reason: EndReason): void {
    if (this.ended) return;
    this.ended = true;
    this.pendingAck?.stop();
    this.pendingAck?.reject(new SipStateError('the call ended before the ACK came'));
    this.pendingAck = undefined;
    if (this.dialog) this.stack.removeDialog(this.dialog);
    this.controller.abort(reason);
    this.emit('ended', reason);
  }

  protected respond(transaction: ServerTransaction, status: number, options: ResponseOptions = {}): void {
    const toTag = this.dialog?.localTag;
    transaction.respond(buildResponse(transaction.request, status, { server: this.stack.userAgent, ...(toTag ? { toTag } : {}), ...options }));
  }

  /**
   * Sends a 2xx to an INVITE and retransmits it (T1 doubling to T2) until the ACK; after 64·T1
   * without one, the call is over (RFC 3261 §13.3.1.4). Resolves with the SDP the ACK carries.
   */
  protected sendSuccess(transaction: ServerTransaction, sdp: string): Promise<string | undefined> {
    const response = buildResponse(transaction.request, 200, {
      server: this.stack.userAgent,
      toTag: (this.dialog as Dialog).localTag,
      headers: { Contact: this.stack.contact(transaction.source.transport) + this.contactFeatures, Allow: ALLOW },
      body: { contentType: 'application/sdp', content: sdp },
    });
    transaction.respond(response);
    const seq = parseCSeq(header(transaction.request, 'CSeq') as string).seq;
    return new Promise((resolve, reject) => {
      let first = true;
      const stop = retransmit(
        () => {
          if (!first) this.stack.sendRaw(transaction.source, response);
          first = false;
        },
        this.stack.timers,
        {
          cap: this.stack.timers.T2,
          giveUpAfter: 64 * this.stack.timers.T1,
          resend: true,
          onGiveUp: () => {
            this.pendingAck = undefined;
            reject(new SipTimeout('ACK for 200 OK'));
            void this.sendBye('ack-timeout');
          },
        },
      );
      this.pendingAck = { seq, stop, resolve, reject };
    });
  }

  /** Sends BYE and ends the call at once; the BYE's own outcome does not change that. */
  protected async sendBye(reason: EndReason): Promise<void> {
    const dialog = this.dialog;
    this.end(reason);
    if (!dialog) return;
    const { uri, headers } = dialog.request('BYE');
    await requestOnce(this.stack, { kind: 'request', method: 'BYE', uri, headers, body: Buffer.alloc(0) }, dialog.destination);
  }

  handleRequest(request: SipRequest, transaction: ServerTransaction | undefined): void {
    if (request.method === 'ACK') {
      const seq = parseCSeq(header(request, 'CSeq') as string).seq;
      if (this.pendingAck && this.pendingAck.seq === seq) {
        this.pendingAck.stop();
        this.pendingAck.resolve(sdpOf(request));
        this.pendingAck = undefined;
      }
      return;
    }
    if (!transaction) return;
    if (this.dialog && !this.dialog.acceptRemoteSeq(request)) return this.respond(transaction, 500, { reason: 'CSeq Out of Order' });
    switch (request.method) {
      case 'BYE':
        this.respond(transaction, 200);
        this.onRemoteBye();
        return;
      case 'INVITE':
        return this.reoffer(request, transaction);
      case 'INFO':
        return this.info(request, transaction);
      case 'OPTIONS':
        return this.respond(transaction, 200, { headers: { Allow: ALLOW } });
      case 'NOTIFY':
        // We never subscribe within a call, so no NOTIFY can match a subscription (RFC 6665 §4.1.3).
        return this.respond(transaction, 481);
      default:
        return this.respond(transaction, KNOWN_NOT_SERVED.has(request.method) ? 405 : 501, { headers: { Allow: ALLOW } });
    }
  }

  protected onRemoteBye(): void {
    this.end('remote-bye');
  }

  private reoffer(request: SipRequest, transaction: ServerTransaction): void {
    if (this.reofferPending || this.pendingAck) return this.respond(transaction, 500, { reason: 'Request Pending', headers: { 'Retry-After': '1' } });
    if (this.listenerCount('reoffer') === 0) return this.respond(transaction, 488);
    this.reofferPending = true;
    let answered = false;
    const respond = (answer: ReofferAnswer) => {
      if (answered || this.ended) return;
      answered = true;
      this.reofferPending = false;
      if ('sdp' in answer) this.sendSuccess(transaction, answer.sdp).catch(() => undefined);
      else this.respond(transaction, answer.status);
    };
    // A re-INVITE without SDP asks us to offer; the listener's "answer" is then our offer.
    // The whole body goes along: a SIPREC re-INVITE carries updated recording metadata beside its SDP.
    const body = request.body.length > 0 ? { contentType: header(request, 'Content-Type') ?? 'application/sdp', content: request.body } : undefined;
    this.emit('reoffer', sdpOf(request) ?? '', respond, body);
  }

  private info(request: SipRequest, transaction: ServerTransaction): void {
    const contentType = header(request, 'Content-Type');
    const body = request.body.toString('utf8');
    this.respond(transaction, 200);
    const digit = infoDigit(contentType, body);
    if (digit !== undefined) this.emit('dtmf', digit);
    else if (request.body.length > 0) this.emit('info', contentType ?? '', body);
  }

  /** ACK for a 2xx: a request of its own with a fresh branch, sent outside any transaction. */
  protected ack(dialog: Dialog, seq: number): void {
    const { uri, headers } = dialog.request('ACK', seq);
    this.stack.sendRaw(dialog.destination, { kind: 'request', method: 'ACK', uri, headers, body: Buffer.alloc(0) });
  }
}
