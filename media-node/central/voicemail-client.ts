import {
  MailboxInfoSchema, MailboxMessagesSchema, MwiStateSchema, PinCheckResultSchema,
  type MailboxInfo, type MailboxMessage, type MwiState, type PinCheckResult,
} from '../../functions/services/voicemail/node-voicemail-contract.js';
import type { CentralClient } from './client.js';
import { CentralError } from './errors.js';

export type { MailboxInfo, MailboxMessage, MwiState, PinCheckResult };

/**
 * The node's half of the voicemail contract (functions/services/voicemail/node-voicemail-contract.ts):
 * mailbox facts for a call, PIN checks, the messages to play, and the counts for message lamps.
 */
export function createVoicemailClient(central: CentralClient) {
  const mailbox = (extension: string) => `voicemail/mailboxes/${encodeURIComponent(extension)}`;
  return {
    /** Null when the site has no such extension (the central app answers 404). */
    async mailbox(extension: string): Promise<MailboxInfo | null> {
      const res = await central.request('GET', mailbox(extension), { okStatuses: [404], retries: 1 });
      if (res.status === 404) {
        await res.arrayBuffer().catch(() => undefined);
        return null;
      }
      return central.jsonOf(res, MailboxInfoSchema);
    },
    async checkPin(extension: string, pin: string): Promise<PinCheckResult> {
      return central.jsonOf(await central.request('POST', `${mailbox(extension)}/pin`, { json: { pin }, retries: 1 }), PinCheckResultSchema);
    },
    async changePin(extension: string, pin: string): Promise<void> {
      await (await central.request('PUT', `${mailbox(extension)}/pin`, { json: { pin }, retries: 1 })).arrayBuffer();
    },
    async messages(extension: string): Promise<MailboxMessage[]> {
      return (await central.jsonOf(await central.request('GET', `${mailbox(extension)}/messages`, { retries: 1 }), MailboxMessagesSchema)).messages;
    },
    async markHeard(messageId: string): Promise<void> {
      await (await central.request('POST', `voicemail/messages/${encodeURIComponent(messageId)}/heard`, { retries: 2 })).arrayBuffer();
    },
    async deleteMessage(messageId: string): Promise<void> {
      await (await central.request('DELETE', `voicemail/messages/${encodeURIComponent(messageId)}`, { retries: 2 })).arrayBuffer();
    },
    /** A message's or greeting's audio as WAV bytes (8 kHz mono 16-bit). */
    async audio(audioId: string): Promise<Uint8Array> {
      const res = await central.request('GET', `voicemail/audio/${encodeURIComponent(audioId)}?format=wav`, { retries: 1 });
      return new Uint8Array(await res.arrayBuffer());
    },
    /** The site's mailbox counts; null when unchanged since `etag` (304). */
    async mwi(etag: string | null): Promise<{ state: MwiState; etag: string | null } | null> {
      const res = await central.request('GET', 'voicemail/mwi', { okStatuses: [304], headers: etag ? { 'if-none-match': etag } : {}, retries: 0 });
      if (res.status === 304) return null;
      const state = await central.jsonOf(res, MwiStateSchema);
      return { state, etag: res.headers.get('etag') };
    },
  };
}

export type VoicemailClient = ReturnType<typeof createVoicemailClient>;

/** A central app that cannot be reached (as opposed to one that said no). */
export function isUnreachable(error: unknown): boolean {
  return error instanceof CentralError && (error.code === 'NETWORK' || error.code === 'TIMEOUT' || (error.status ?? 0) >= 500);
}
