import type { NodeLogger } from '../log.js';
import type { Dialog } from './dialog.js';
import type { SipMessage, SipRequest, SipResponse } from './message.js';
import type { SipTimers } from './timers.js';
import type { ClientHandlers, ServerTransaction } from './transactions.js';
import type { SipSource } from './transport.js';

/** What a dialog's owner (a call) receives from the endpoint once a request matched its dialog. */
export interface DialogOwner {
  /** `transaction` is undefined for ACK, which has none of its own. */
  handleRequest(request: SipRequest, transaction: ServerTransaction | undefined): void;
}

/** The endpoint as calls and registrations see it; keeps them testable and free of socket code. */
export interface SipStack {
  readonly log: NodeLogger;
  readonly timers: SipTimers;
  readonly userAgent: string;
  /** Fills in Via (fresh branch unless the request has one), Max-Forwards, Contact and User-Agent, then runs a client transaction. */
  sendRequest(request: SipRequest, destination: SipSource, handlers: ClientHandlers): void;
  /** Outside any transaction: ACK for a 2xx and the UAS's own 2xx retransmissions. */
  sendRaw(destination: SipSource, message: SipMessage): void;
  contact(transport: SipSource['transport'], user?: string): string;
  addDialog(dialog: Dialog, owner: DialogOwner): void;
  removeDialog(dialog: Dialog): void;
}

/** A non-INVITE request as a promise of its final response; timeouts and transport failures become 408/503. */
export function requestOnce(stack: SipStack, request: SipRequest, destination: SipSource): Promise<SipResponse> {
  return new Promise((resolve) => {
    stack.sendRequest(request, destination, {
      final: resolve,
      failed: (reason) =>
        resolve({ kind: 'response', status: reason === 'timeout' ? 408 : 503, reason: reason === 'timeout' ? 'Request Timeout' : 'Transport Error', headers: [], body: Buffer.alloc(0) }),
    });
  });
}
