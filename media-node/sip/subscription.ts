import { EventEmitter } from 'node:events';
import { buildResponse, newTag, type ResponseOptions } from './build.js';
import { Dialog } from './dialog.js';
import { userOf } from './diversion.js';
import { parseNameAddr } from './headers.js';
import { header, type SipRequest } from './message.js';
import { requestOnce, type DialogOwner, type SipStack } from './stack.js';
import type { ServerTransaction } from './transactions.js';
import type { SipSource } from './transport.js';

/** What the endpoint serves to SUBSCRIBE (RFC 6665); the event package's own logic lives with the caller. */
export interface SubscriptionPolicy {
  /** Event packages served; a SUBSCRIBE for any other gets 489 Bad Event. */
  events: readonly string[];
  /** Seconds granted when the SUBSCRIBE has no Expires. */
  defaultExpires: number;
  /** Shorter asks get 423 Interval Too Brief with Min-Expires (0, an unsubscribe or fetch, is always fine). */
  minExpires: number;
  /** Longer asks are cut to this. */
  maxExpires: number;
  /** A new subscription: call accept() or reject() on it. */
  onSubscribe(subscription: InboundSubscription): void;
}

export interface NotifyBody {
  contentType: string;
  content: string;
}

export type SubscriptionEnd = 'timeout' | 'unsubscribed' | 'rejected' | 'gone' | 'deactivated';

/** "message-summary;id=1" → "message-summary" (event package names are case-insensitive tokens). */
export function eventPackage(value: string | undefined): string {
  return (value ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Expires asked for, or undefined when absent or unreadable. */
function expiresOf(request: SipRequest): number | undefined {
  const value = header(request, 'Expires');
  return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

/**
 * The notifier side of one subscription dialog: the 200 that creates it, NOTIFYs carrying the
 * current state (one in flight at a time, later changes coalesced into the next), refreshes and
 * unsubscribes that arrive within the dialog, and the final NOTIFY when it expires.
 */
export class InboundSubscription extends EventEmitter implements DialogOwner {
  readonly event: string;
  /** The Request-URI user, else the To user: whose state is asked for. */
  readonly user: string;
  readonly from: string;
  private dialog: Dialog | undefined;
  private state: 'pending' | 'active' | 'terminated' = 'pending';
  private expiresAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private body: (() => NotifyBody) | undefined;
  private sending: Promise<void> | undefined;
  private dirty = false;
  private endReason: SubscriptionEnd | undefined;

  constructor(private readonly stack: SipStack, private readonly request: SipRequest, private readonly transaction: ServerTransaction, readonly source: SipSource, private readonly policy: SubscriptionPolicy) {
    super();
    this.event = eventPackage(header(request, 'Event'));
    let to = '';
    try {
      to = userOf(parseNameAddr(header(request, 'To') ?? '').uri);
    } catch {
      to = '';
    }
    this.user = userOf(request.uri) || to;
    this.from = header(request, 'From') ?? '';
  }

  get active(): boolean {
    return this.state === 'active';
  }

  /** 200 with the granted Expires, then the first NOTIFY; `body` gives the state whenever a NOTIFY goes out. */
  accept(body: () => NotifyBody): void {
    if (this.state !== 'pending') return;
    this.body = body;
    this.dialog = Dialog.uas(this.request, newTag(), this.source);
    this.stack.addDialog(this.dialog, this);
    const expires = this.granted(expiresOf(this.request));
    this.state = 'active';
    this.respond(this.transaction, 200, { headers: { Expires: String(expires), Contact: this.stack.contact(this.source.transport) } });
    this.schedule(expires);
  }

  reject(status: number, reason?: string): void {
    if (this.state !== 'pending') return;
    this.state = 'terminated';
    this.respond(this.transaction, status, reason ? { reason } : {});
    this.emit('terminated', 'rejected' satisfies SubscriptionEnd);
  }

  /** Sends the current state now (or right after the NOTIFY in flight). */
  notify(): Promise<void> {
    if (!this.dialog || (this.state !== 'active' && !this.endReason)) return Promise.resolve();
    this.dirty = true;
    this.sending ??= this.drain().finally(() => (this.sending = undefined));
    return this.sending;
  }

  /** Ends it from our side (node shutting down): a final NOTIFY with Subscription-State terminated. */
  terminate(reason: SubscriptionEnd = 'deactivated'): Promise<void> {
    if (this.state !== 'active') return Promise.resolve();
    this.endReason = reason;
    this.state = 'terminated';
    clearTimeout(this.timer);
    return this.notify();
  }

  handleRequest(request: SipRequest, transaction: ServerTransaction | undefined): void {
    if (!transaction) return;
    if (this.dialog && !this.dialog.acceptRemoteSeq(request)) return this.respond(transaction, 500, { reason: 'CSeq Out of Order' });
    if (request.method !== 'SUBSCRIBE') return this.respond(transaction, request.method === 'NOTIFY' ? 481 : 405, request.method === 'NOTIFY' ? {} : { headers: { Allow: 'SUBSCRIBE' } });
    if (this.state !== 'active') return this.respond(transaction, 481);
    if (eventPackage(header(request, 'Event')) !== this.event) return this.respond(transaction, 489, { headers: { 'Allow-Events': this.event } });
    const asked = expiresOf(request);
    if (asked !== undefined && asked > 0 && asked < this.policy.minExpires) {
      return this.respond(transaction, 423, { headers: { 'Min-Expires': String(this.policy.minExpires) } });
    }
    const expires = this.granted(asked);
    this.respond(transaction, 200, { headers: { Expires: String(expires), Contact: this.stack.contact(transaction.source.transport) } });
    if (expires === 0) void this.terminate('unsubscribed');
    else {
      this.schedule(expires);
      void this.notify();
    }
  }

  private granted(asked: number | undefined): number {
    if (asked === 0) return 0;
    return Math.min(this.policy.maxExpires, asked ?? this.policy.defaultExpires);
  }

  private schedule(seconds: number): void {
    clearTimeout(this.timer);
    this.expiresAt = Date.now() + seconds * 1000;
    if (seconds === 0) {
      // A fetch (Expires: 0): one NOTIFY with the state, already terminated.
      this.endReason = 'timeout';
      this.state = 'terminated';
      return;
    }
    this.timer = setTimeout(() => void this.terminate('timeout'), seconds * 1000);
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    while (this.dirty && this.dialog) {
      this.dirty = false;
      const dialog = this.dialog;
      const body = (this.body as () => NotifyBody)();
      const remaining = Math.max(0, Math.round((this.expiresAt - Date.now()) / 1000));
      // Read once: an end decided while this NOTIFY is in flight must still get a NOTIFY of its own.
      const ending = this.endReason;
      const state = ending ? `terminated;reason=${ending === 'unsubscribed' || ending === 'timeout' ? 'timeout' : ending === 'gone' ? 'noresource' : 'deactivated'}` : `active;expires=${remaining}`;
      const { uri, headers } = dialog.request('NOTIFY');
      headers.push({ name: 'Event', value: header(this.request, 'Event') ?? this.event }, { name: 'Subscription-State', value: state }, { name: 'Content-Type', value: body.contentType });
      const response = await requestOnce(this.stack, { kind: 'request', method: 'NOTIFY', uri, headers, body: Buffer.from(body.content, 'utf8') }, dialog.destination);
      // RFC 6665 §4.2.2: a failed NOTIFY (481, timeout, …) means the subscriber is gone.
      if (response.status >= 300) this.endReason ??= 'gone';
      if (ending || response.status >= 300) {
        this.finish(this.endReason as SubscriptionEnd);
        return;
      }
    }
  }

  private finish(reason: SubscriptionEnd): void {
    clearTimeout(this.timer);
    this.state = 'terminated';
    if (this.dialog) this.stack.removeDialog(this.dialog);
    this.dialog = undefined;
    this.emit('terminated', reason);
  }

  private respond(transaction: ServerTransaction, status: number, options: ResponseOptions = {}): void {
    const toTag = this.dialog?.localTag ?? newTag();
    transaction.respond(buildResponse(transaction.request, status, { server: this.stack.userAgent, toTag, ...options }));
  }
}
