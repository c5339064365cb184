import type { NodeLogger } from '../log.js';
import { newBranch } from './build.js';
import type { Dialog } from './dialog.js';
import { parseCSeq, parseVia } from './headers.js';
import { header, headerValues, serialize, setHeader, type SipMessage, type SipRequest, type SipResponse } from './message.js';
import type { DialogOwner, SipStack } from './stack.js';
import type { SipTimers } from './timers.js';
import { ClientTransaction, ServerTransaction, clientKey, type ClientHandlers, type TransactionDeps } from './transactions.js';
import type { SipSource, SipTransport } from './transport.js';
import { validResponse } from './validate.js';

const WITH_CONTACT = new Set(['INVITE', 'REGISTER', 'SUBSCRIBE', 'NOTIFY', 'REFER']);

/** Transaction and dialog tables plus message sending: the SipStack that calls and registrations use. */
export class StackCore implements SipStack {
  readonly serverTransactions = new Map<string, ServerTransaction>();
  readonly clientTransactions = new Map<string, ClientTransaction>();
  readonly dialogs = new Map<string, { dialog: Dialog; owner: DialogOwner }>();
  readonly deps: TransactionDeps;
  port = 0;

  constructor(
    readonly log: NodeLogger,
    readonly timers: SipTimers,
    readonly userAgent: string,
    readonly host: string,
    /** A getter, since the transports are bound after the core that their receive handler needs. */
    private readonly transports: () => { udp: SipTransport; tcp: SipTransport },
  ) {
    this.deps = { send: (to, data) => this.transmit(to, data), timers, log };
  }

  transmit(to: SipSource, data: Buffer): Promise<void> {
    return this.transports()[to.transport].send(to, data);
  }

  via(transport: SipSource['transport'], branch: string = newBranch()): string {
    return `SIP/2.0/${transport.toUpperCase()} ${this.host}:${this.port};branch=${branch};rport`;
  }

  contact(transport: SipSource['transport'], user = 'ramal'): string {
    return `<sip:${user}@${this.host}:${this.port}${transport === 'tcp' ? ';transport=tcp' : ''}>`;
  }

  private complete(request: SipRequest, transport: SipSource['transport']): void {
    if (headerValues(request, 'Via').length === 0) request.headers.unshift({ name: 'Via', value: this.via(transport) });
    if (header(request, 'Max-Forwards') === undefined) request.headers.push({ name: 'Max-Forwards', value: '70' });
    if (WITH_CONTACT.has(request.method) && header(request, 'Contact') === undefined) setHeader(request, 'Contact', this.contact(transport));
    if (header(request, 'User-Agent') === undefined && request.method !== 'ACK' && request.method !== 'CANCEL') request.headers.push({ name: 'User-Agent', value: this.userAgent });
  }

  sendRequest(request: SipRequest, destination: SipSource, handlers: ClientHandlers): void {
    this.complete(request, destination.transport);
    const branch = parseVia(headerValues(request, 'Via')[0] as string).params.branch ?? '';
    const key = clientKey(branch, request.method);
    const transaction = new ClientTransaction(key, request, destination, this.deps, handlers, (t) => {
      if (this.clientTransactions.get(t.key) === t) this.clientTransactions.delete(t.key);
    });
    this.clientTransactions.set(key, transaction);
    transaction.start();
  }

  sendRaw(destination: SipSource, message: SipMessage): void {
    if (message.kind === 'request') this.complete(message, destination.transport);
    this.transmit(destination, serialize(message)).catch((error: Error) => this.log.debug('sip send failed', { error: error.message }));
  }

  /** A response from the wire: to its client transaction, or dropped (stray, or for a transaction long gone). */
  receiveResponse(response: SipResponse): void {
    if (!validResponse(response)) {
      this.log.debug('sip response dropped: malformed');
      return;
    }
    const via = parseVia(headerValues(response, 'Via')[0] as string);
    const method = parseCSeq(header(response, 'CSeq') as string).method;
    const transaction = this.clientTransactions.get(clientKey(via.params.branch ?? '', method));
    if (transaction) transaction.receive(response);
    else this.log.debug('sip response dropped: no transaction', { status: response.status, method });
  }

  addDialog(dialog: Dialog, owner: DialogOwner): void {
    this.dialogs.set(dialog.key, { dialog, owner });
  }

  removeDialog(dialog: Dialog): void {
    this.dialogs.delete(dialog.key);
  }

  addServerTransaction(request: SipRequest, key: string, source: SipSource): ServerTransaction {
    const transaction = new ServerTransaction(key, request, source, this.deps, (t) => {
      if (this.serverTransactions.get(t.key) === t) this.serverTransactions.delete(t.key);
    });
    this.serverTransactions.set(key, transaction);
    return transaction;
  }

  close(): void {
    for (const t of [...this.clientTransactions.values()]) t.abort();
    for (const t of [...this.serverTransactions.values()]) t.terminate();
  }
}
