import type { NotifyBody } from '../sip/subscription.js';

export interface MailboxCounts {
  newCount: number;
  savedCount: number;
}

export const MESSAGE_SUMMARY = 'message-summary';

/** RFC 3842 §5.2 body: the lamp (Messages-Waiting), the account it is about, and voice new/old counts. */
export function messageSummary(mailbox: string, host: string, counts: MailboxCounts): NotifyBody {
  const content =
    `Messages-Waiting: ${counts.newCount > 0 ? 'yes' : 'no'}\r\n` +
    `Message-Account: sip:${mailbox}@${host}\r\n` +
    `Voice-Message: ${counts.newCount}/${counts.savedCount} (0/0)\r\n`;
  return { contentType: 'application/simple-message-summary', content };
}
