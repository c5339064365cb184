import { sdpOf } from './body.js';
import { newCallId, newTag } from './build.js';
import { CallBase, type EndReason, type ReofferAnswer } from './call-base.js';
import { Dialog } from './dialog.js';
import { authorize } from './digest.js';
import { SipCallFailed, SipStateError, SipTransportError } from './errors.js';
import { parseCSeq } from './headers.js';
import { header, headerLines, headerValues, type SipHeader, type SipRequest, type SipResponse } from './message.js';
import type { SipStack } from './stack.js';
import type { SipSource } from './transport.js';

export interface InviteOptions {
  target: string;
  from: { user: string; displayName?: string };
  sdp: string;
  headers?: Record<string, string>;
  credentials?: { username: string; password: string };
}

export interface OutboundCall {
  readonly callId: string;
  /** Resolves with the answer's SDP on 2xx; rejects with SipCallFailed (status 408 on timeout). */
  readonly answered: Promise<{ sdp: string }>;
  readonly signal: AbortSignal;
  hangup(): Promise<void>;
  cancel(): void;
  on(event: 'ended', l: (reason: EndReason) => void): this;
  on(event: 'reoffer', l: (sdp: string, respond: (answer: ReofferAnswer) => void, body?: { contentType: string; content: Buffer }) => void): this;
  on(event: 'dtmf', l: (digit: string) => void): this;
  on(event: 'info', l: (contentType: string, body: string) => void): this;
}

/** The UAC side of one call: INVITE (with one digest retry), CANCEL before answer, BYE after. */
export class OutboundSipCall extends CallBase implements OutboundCall {
  readonly callId = newCallId();
  readonly answered: Promise<{ sdp: string }>;
  private readonly fromValue: string;
  private seq = 1;
  private invite!: SipRequest;
  private provisional = false;
  private cancelWanted = false;
  private authTried = false;
  private final = false;
  private settle!: { resolve: (v: { sdp: string }) => void; reject: (e: Error) => void };

  constructor(stack: SipStack, private readonly options: InviteOptions, private readonly destination: SipSource, localHost: string) {
    super(stack);
    const name = options.from.displayName === undefined ? '' : `"${options.from.displayName.replace(/["\\]/g, '\\$&')}" `;
    this.fromValue = `${name}<sip:${options.from.user}@${localHost}>;tag=${newTag()}`;
    this.answered = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    // Callers that only listen to 'ended' must not see an unhandled rejection.
    this.answered.catch(() => undefined);
    this.send();
  }

  private send(authorization?: { name: string; value: string }): void {
    const headers: SipHeader[] = [
      { name: 'From', value: this.fromValue },
      { name: 'To', value: `<${this.options.target}>` },
      { name: 'Call-ID', value: this.callId },
      { name: 'CSeq', value: `${this.seq} INVITE` },
      { name: 'Content-Type', value: 'application/sdp' },
    ];
    if (authorization) headers.push(authorization);
    for (const [name, value] of Object.entries(this.options.headers ?? {})) headers.push({ name, value });
    this.invite = { kind: 'request', method: 'INVITE', uri: this.options.target, headers, body: Buffer.from(this.options.sdp, 'utf8') };
    this.stack.sendRequest(this.invite, this.destination, {
      provisional: () => {
        this.provisional = true;
        if (this.cancelWanted) this.sendCancel();
      },
      final: (response) => this.onFinal(response),
      retransmitted2xx: () => {
        if (this.dialog) this.ack(this.dialog, this.seq);
      },
      failed: (reason) => this.fail(reason === 'timeout' ? new SipCallFailed(408, 'Request Timeout') : new SipTransportError('INVITE could not be sent'), 'transport-error'),
    });
  }

  private fail(error: Error, reason: EndReason): void {
    this.final = true;
    this.settle.reject(error);
    this.end(reason);
  }

  private onFinal(response: SipResponse): void {
    if (response.status >= 300) {
      const challenge = response.status === 401 ? header(response, 'WWW-Authenticate') : response.status === 407 ? header(response, 'Proxy-Authenticate') : undefined;
      const credentials = this.options.credentials;
      if (challenge && credentials && !this.authTried && !this.cancelWanted) {
        const value = authorize(challenge, credentials, 'INVITE', this.options.target);
        if (value) {
          this.authTried = true;
          this.seq++;
          this.send({ name: response.status === 401 ? 'Authorization' : 'Proxy-Authorization', value });
          return;
        }
      }
      this.fail(new SipCallFailed(response.status, response.reason), this.cancelWanted ? 'cancelled' : 'remote-bye');
      return;
    }
    this.final = true;
    this.dialog = Dialog.uac(this.invite, response, this.destination);
    this.stack.addDialog(this.dialog, this);
    this.ack(this.dialog, this.seq);
    if (this.cancelWanted || this.ended) {
      // The answer crossed our CANCEL: the call exists now and must be torn down with BYE.
      void this.sendBye('cancelled');
      this.settle.reject(new SipCallFailed(487, 'Request Terminated'));
      return;
    }
    this.settle.resolve({ sdp: sdpOf(response) ?? '' });
  }

  /** RFC 3261 §9.1: CANCEL copies the INVITE's Request-URI, top Via, From, To, Call-ID and CSeq number. */
  private sendCancel(): void {
    const via = headerValues(this.invite, 'Via')[0];
    if (via === undefined) return;
    const headers: SipHeader[] = [
      { name: 'Via', value: via },
      ...headerLines(this.invite, 'Route').map((value) => ({ name: 'Route', value })),
      { name: 'From', value: this.fromValue },
      { name: 'To', value: header(this.invite, 'To') as string },
      { name: 'Call-ID', value: this.callId },
      { name: 'CSeq', value: `${parseCSeq(header(this.invite, 'CSeq') as string).seq} CANCEL` },
    ];
    this.stack.sendRequest({ kind: 'request', method: 'CANCEL', uri: this.invite.uri, headers, body: Buffer.alloc(0) }, this.destination, { final: () => undefined, failed: () => undefined });
  }

  cancel(): void {
    if (this.final || this.cancelWanted) return;
    this.cancelWanted = true;
    // Before any provisional response a CANCEL could overtake the INVITE; it waits for the first 1xx.
    if (this.provisional) this.sendCancel();
  }

  async hangup(): Promise<void> {
    if (this.ended) return;
    if (!this.dialog) {
      if (this.final) throw new SipStateError('call is over');
      this.cancel();
      return;
    }
    await this.sendBye('local-bye');
  }
}
