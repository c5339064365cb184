import type { NodeLogger } from '../log.js';
import type { InboundSubscription, SubscriptionPolicy } from '../sip/subscription.js';
import { MESSAGE_SUMMARY, messageSummary } from './message-summary.js';
import type { MwiPoller } from './mwi-poller.js';

export interface MwiNotifierOptions {
  poller: MwiPoller;
  /** The host written in Message-Account (the node's SIP address). */
  host: string;
  /** Whether the site has this mailbox (its extension list); others are refused with 404. */
  hasMailbox(mailbox: string): boolean;
  log: NodeLogger;
  /** RFC 6665 durations in seconds; defaults 3600, min 60, max 7200. */
  defaultExpires?: number;
  minExpires?: number;
  maxExpires?: number;
}

/**
 * Message-waiting lamps for subscribers (RFC 3842): phones or the PBX SUBSCRIBE to
 * message-summary for a mailbox, get its state at once and a NOTIFY whenever its counts change.
 */
export class MwiNotifier {
  private readonly byMailbox = new Map<string, Set<InboundSubscription>>();
  readonly policy: SubscriptionPolicy;

  constructor(private readonly options: MwiNotifierOptions) {
    this.policy = {
      events: [MESSAGE_SUMMARY],
      defaultExpires: options.defaultExpires ?? 3600,
      minExpires: options.minExpires ?? 60,
      maxExpires: options.maxExpires ?? 7200,
      onSubscribe: (subscription) => this.subscribe(subscription),
    };
    options.poller.on('change', (mailbox: string) => this.changed(mailbox));
  }

  /** Subscribers currently watching `mailbox`. */
  subscribers(mailbox: string): number {
    return this.byMailbox.get(mailbox)?.size ?? 0;
  }

  private subscribe(subscription: InboundSubscription): void {
    const mailbox = subscription.user;
    if (!mailbox || !this.options.hasMailbox(mailbox)) return subscription.reject(404);
    const set = this.byMailbox.get(mailbox) ?? new Set();
    this.byMailbox.set(mailbox, set);
    set.add(subscription);
    subscription.on('terminated', () => {
      set.delete(subscription);
      if (set.size === 0) this.byMailbox.delete(mailbox);
    });
    subscription.accept(() => messageSummary(mailbox, this.options.host, this.options.poller.countsOf(mailbox)));
    this.options.log.info('message-waiting subscription', { mailbox, from: subscription.from });
    void subscription.notify();
  }

  private changed(mailbox: string): void {
    for (const subscription of this.byMailbox.get(mailbox) ?? []) void subscription.notify();
  }
}
