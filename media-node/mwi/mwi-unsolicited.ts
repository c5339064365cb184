import type { NodeConfig } from '../../functions/services/media-nodes/node-config.js';
import type { NodeLogger } from '../log.js';
import type { RequestOptions, RequestResult } from '../sip/endpoint.js';
import { MESSAGE_SUMMARY, messageSummary, type MailboxCounts } from './message-summary.js';
import type { MwiPoller } from './mwi-poller.js';

export interface UnsolicitedMwiOptions {
  poller: MwiPoller;
  sip: { request(options: RequestOptions): Promise<RequestResult> };
  config: () => NodeConfig;
  /** Our address, for Message-Account. */
  host: string;
  log: NodeLogger;
}

/**
 * RFC 3842 §3 allows message-waiting NOTIFYs without a subscription; many PBXs light their
 * phones' lamps only from those. When the site asks for it, every count change (and the first
 * counts after the node starts) is sent to the PBX as `NOTIFY sip:<mailbox>@<target>`, with the
 * trunk's credentials should the PBX challenge.
 */
export function startUnsolicitedMwi(options: UnsolicitedMwiOptions): () => void {
  const send = async (mailbox: string, counts: MailboxCounts) => {
    const { voicemail, sip } = options.config();
    if (!voicemail.mwiUnsolicited || !voicemail.mwiTarget) return;
    const body = messageSummary(mailbox, options.host, counts);
    try {
      const result = await options.sip.request({
        method: 'NOTIFY',
        target: `sip:${mailbox}@${voicemail.mwiTarget}`,
        headers: { event: MESSAGE_SUMMARY, 'subscription-state': 'active' },
        body,
        ...(sip.trunk ? { credentials: { username: sip.trunk.username, password: sip.trunk.password } } : {}),
      });
      if (result.status >= 300) options.log.warn('the PBX refused a message-waiting NOTIFY', { mailbox, status: result.status, reason: result.reason });
    } catch (error) {
      // The next change sends the whole state again, so a lost NOTIFY heals itself.
      options.log.warn('message-waiting NOTIFY to the PBX failed', { mailbox, error: String(error) });
    }
  };
  const onChange = (mailbox: string, counts: MailboxCounts) => void send(mailbox, counts);
  options.poller.on('change', onChange);
  return () => options.poller.off('change', onChange);
}
