import { mediaType } from './body.js';
import { ACCEPT, ALLOW, KNOWN_NOT_SERVED, SUPPORTED, buildResponse, tagOf, type ResponseOptions } from './build.js';
import type { StackCore } from './core.js';
import { dialogKey } from './dialog.js';
import type { DigestServer } from './digest.js';
import { parseVia, splitList } from './headers.js';
import { InboundSipCall, type InboundCall } from './inbound-call.js';
import { header, headerLines, headerValues, type Problem, type SipRequest } from './message.js';
import { serverKey, type ServerTransaction } from './transactions.js';
import type { SipSource } from './transport.js';
import { InboundSubscription, eventPackage, type SubscriptionPolicy } from './subscription.js';
import { hasUsableVia, validateRequest } from './validate.js';

export interface IncomingPolicy {
  isTrusted(source: SipSource): boolean;
  passwordFor(username: string): string | undefined;
  onInvite(call: InboundCall): void;
  digest: DigestServer;
  calls: Set<InboundSipCall>;
  /** Served SUBSCRIBE event packages; without it SUBSCRIBE gets 405 as before. */
  subscriptions?: SubscriptionPolicy;
  active?: Set<InboundSubscription>;
}

const AUTHENTICATED = new Set(['INVITE', 'NOTIFY']);

/** RFC 3581: record where the request really came from, so the answer can go back the same way. */
function stampVia(request: SipRequest, source: SipSource): void {
  const first = request.headers.find((h) => h.name === 'Via');
  if (!first) return;
  const values = splitList(first.value);
  const top = values[0] as string;
  const via = parseVia(top);
  let stamped = top;
  if (via.host !== source.address) stamped += `;received=${source.address}`;
  if ('rport' in via.params && via.params.rport === null) stamped = stamped.replace(/;\s*rport(?=;|$)/i, `;rport=${source.port}`);
  first.value = [stamped, ...values.slice(1)].join(', ');
}

export class IncomingRequests {
  constructor(private readonly core: StackCore, private readonly policy: IncomingPolicy) {}

  private stateless(request: SipRequest, source: SipSource, status: number, options: ResponseOptions = {}): void {
    if (request.method === 'ACK') return;
    this.core.sendRaw(source, buildResponse(request, status, { server: this.core.userAgent, toTag: 'x' + Math.random().toString(36).slice(2, 10), ...options }));
  }

  private respond(transaction: ServerTransaction, status: number, options: ResponseOptions = {}): void {
    transaction.respond(buildResponse(transaction.request, status, { server: this.core.userAgent, toTag: Math.random().toString(36).slice(2, 12), ...options }));
  }

  handle(request: SipRequest, source: SipSource, parseProblem: Problem | undefined): void {
    if (!hasUsableVia(request)) {
      this.core.log.info('sip request dropped: no usable Via', { source, method: request.method });
      return;
    }
    stampVia(request, source);
    const problem = parseProblem ?? validateRequest(request);
    if (problem) {
      this.core.log.info('sip request rejected', { source, method: request.method, status: problem.status, reason: problem.reason });
      return this.stateless(request, source, problem.status, { reason: problem.reason });
    }
    if (request.method === 'ACK') return this.ack(request);
    const key = serverKey(request);
    const existing = this.core.serverTransactions.get(key);
    if (existing) return existing.retransmission();
    const merged = this.mergedWith(request);
    const transaction = this.core.addServerTransaction(request, key, source);
    if (request.method === 'CANCEL') return this.cancel(request, transaction);
    // RFC 3261 §8.2.2.2: the same request reaching us again by another path (a fork) is a loop.
    if (merged) return this.respond(transaction, 482);
    if (header(request, 'Max-Forwards') === '0' && request.method !== 'OPTIONS') return this.respond(transaction, 483);
    const unsupported = headerValues(request, 'Require').filter((tag) => !SUPPORTED.includes(tag.toLowerCase()));
    if (unsupported.length > 0) return this.respond(transaction, 420, { headers: { Unsupported: unsupported.join(', ') } });
    const toTag = tagOf(header(request, 'To'));
    if (toTag !== undefined) return this.inDialog(request, transaction, toTag);
    this.outOfDialog(request, transaction, source);
  }

  private mergedWith(request: SipRequest): boolean {
    if (tagOf(header(request, 'To')) !== undefined || request.method === 'CANCEL') return false;
    const id = (r: SipRequest) => `${header(r, 'Call-ID')}|${tagOf(header(r, 'From'))}|${header(r, 'CSeq')}`;
    const mine = id(request);
    for (const t of this.core.serverTransactions.values()) if (t.request.method === request.method && id(t.request) === mine) return true;
    return false;
  }

  private ack(request: SipRequest): void {
    const invite = this.core.serverTransactions.get(serverKey(request, 'INVITE'));
    if (invite?.ack()) return;
    const entry = this.core.dialogs.get(dialogKey(header(request, 'Call-ID') as string, tagOf(header(request, 'To')) ?? '', tagOf(header(request, 'From')) ?? ''));
    entry?.owner.handleRequest(request, undefined);
  }

  private cancel(request: SipRequest, transaction: ServerTransaction): void {
    const invite = this.core.serverTransactions.get(serverKey(request, 'INVITE'));
    if (!invite) return this.respond(transaction, 481);
    this.respond(transaction, 200);
    const call = [...this.policy.calls].find((c) => c.matches(invite));
    if (call) call.cancelled();
    else if (!invite.finalSent) this.respond(invite, 487);
  }

  private inDialog(request: SipRequest, transaction: ServerTransaction, toTag: string): void {
    const entry = this.core.dialogs.get(dialogKey(header(request, 'Call-ID') as string, toTag, tagOf(header(request, 'From')) ?? ''));
    if (!entry) return this.respond(transaction, 481);
    entry.owner.handleRequest(request, transaction);
  }

  private outOfDialog(request: SipRequest, transaction: ServerTransaction, source: SipSource): void {
    const method = request.method;
    // SUBSCRIBE is offered only where an event package is served.
    const allow = this.policy.subscriptions ? `${ALLOW}, SUBSCRIBE` : ALLOW;
    if (method === 'OPTIONS') return this.respond(transaction, 200, { headers: { Allow: allow, Accept: ACCEPT } });
    if (method === 'BYE' || method === 'INFO') return this.respond(transaction, 481);
    if (method === 'SUBSCRIBE' && this.policy.subscriptions) return this.subscribe(request, transaction, source, this.policy.subscriptions);
    if (KNOWN_NOT_SERVED.has(method) && method !== 'NOTIFY') return this.respond(transaction, 405, { headers: { Allow: allow } });
    if (method !== 'INVITE' && method !== 'NOTIFY') return this.respond(transaction, 501, { headers: { Allow: allow } });
    if (AUTHENTICATED.has(method) && !this.policy.isTrusted(source) && !this.authenticated(request, transaction)) return;
    if (method === 'NOTIFY') return this.respond(transaction, 200);
    this.invite(request, transaction, source);
  }

  /** Digest check for callers outside the trusted list; answers 401/403 itself when it fails. */
  private authenticated(request: SipRequest, transaction: ServerTransaction): boolean {
    const verdict = this.policy.digest.verify(headerLines(request, 'Authorization')[0], request.method, this.policy.passwordFor);
    if (verdict.ok) return true;
    if (verdict.reason === 'missing' || verdict.reason === 'stale') {
      this.respond(transaction, 401, { headers: { 'WWW-Authenticate': this.policy.digest.challenge(verdict.reason === 'stale') } });
    } else {
      this.core.log.warn('sip digest authentication failed', { reason: verdict.reason, from: header(request, 'From') });
      this.respond(transaction, 403);
    }
    return false;
  }

  /** RFC 6665 §4.2.1: event package, then the asked duration, then the package's own decision. */
  private subscribe(request: SipRequest, transaction: ServerTransaction, source: SipSource, policy: SubscriptionPolicy): void {
    if (!this.policy.isTrusted(source) && !this.authenticated(request, transaction)) return;
    if (!policy.events.includes(eventPackage(header(request, 'Event')))) return this.respond(transaction, 489, { headers: { 'Allow-Events': policy.events.join(', ') } });
    // RFC 6665 §4.1.2: without a Contact the NOTIFYs would have nowhere to go.
    if (!header(request, 'Contact')) return this.respond(transaction, 400, { reason: 'Missing Contact Header' });
    const expires = header(request, 'Expires')?.trim();
    if (expires !== undefined && /^\d+$/.test(expires) && Number(expires) > 0 && Number(expires) < policy.minExpires) {
      return this.respond(transaction, 423, { headers: { 'Min-Expires': String(policy.minExpires) } });
    }
    const subscription = new InboundSubscription(this.core, request, transaction, source, policy);
    this.policy.active?.add(subscription);
    subscription.on('terminated', () => this.policy.active?.delete(subscription));
    try {
      policy.onSubscribe(subscription);
    } catch (error) {
      this.core.log.error('onSubscribe threw', { error: (error as Error).message });
      subscription.reject(500);
    }
  }

  private invite(request: SipRequest, transaction: ServerTransaction, source: SipSource): void {
    const type = mediaType(header(request, 'Content-Type'));
    if (request.body.length > 0 && type !== 'application/sdp' && type !== 'multipart/mixed') return this.respond(transaction, 415, { headers: { Accept: 'application/sdp, multipart/mixed' } });
    const encoding = header(request, 'Content-Encoding');
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return this.respond(transaction, 415, { headers: { 'Accept-Encoding': 'identity' } });
    const accept = headerValues(request, 'Accept').map((a) => mediaType(a));
    if (accept.length > 0 && !accept.some((a) => a === 'application/sdp' || a === 'application/*' || a === '*/*')) return this.respond(transaction, 406, { headers: { Accept: 'application/sdp' } });
    this.respond(transaction, 100);
    const call = new InboundSipCall(this.core, request, transaction, source);
    this.policy.calls.add(call);
    call.on('ended', () => this.policy.calls.delete(call));
    try {
      this.policy.onInvite(call);
    } catch (error) {
      this.core.log.error('onInvite threw', { error: (error as Error).message });
      if (!transaction.finalSent) call.reject(500);
    }
  }
}
