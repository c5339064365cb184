import { parseMessage, type SipResponse } from '../../../../media-node/sip/message.js';
import { bindLoopback, UdpPeer } from '../../../helpers/udp-peer.js';

/** A raw UDP peer that plays a SIP party by hand and reads what comes back as SIP text. */
export class SipPeer extends UdpPeer {
  static override async open(): Promise<SipPeer> {
    return new SipPeer(await bindLoopback());
  }

  /** Waits until `count` datagrams in total have arrived, or `ms` elapsed. */
  waitFor(count: number, ms = 2000): Promise<boolean> {
    return this.until(() => this.datagrams.length >= count, ms);
  }

  /** Waits until some received datagram's text satisfies `match`; returns its text, or undefined after `ms`. */
  async waitForText(match: (text: string) => boolean, ms = 3000): Promise<string | undefined> {
    let found: string | undefined;
    await this.until(() => (found = this.texts().find(match)) !== undefined, ms);
    return found;
  }

  texts(): string[] {
    return this.datagrams.map((d) => d.data.toString('utf8'));
  }

  /** Arrival times of the datagrams whose text satisfies `match`. */
  timesOf(match: (text: string) => boolean): number[] {
    return this.datagrams.flatMap((d) => (match(d.data.toString('utf8')) ? [d.atMs] : []));
  }

  responses(): SipResponse[] {
    return this.datagrams.map((d) => parseMessage(d.data).message).filter((m): m is SipResponse => m.kind === 'response');
  }

  /** The last final (non-1xx) response received so far. */
  finalResponse(): SipResponse | undefined {
    return this.responses().filter((r) => r.status >= 200).at(-1);
  }
}
