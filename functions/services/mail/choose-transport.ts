import type { Deps } from '../../deps.js';
import type { emails } from '../../../schema/index.js';
import { base64ToBytes, readAll } from './base64.js';
import type { MailSettingsRow } from './mail-settings.js';
import type { MailProvider } from './mail-schemas.js';
import { MailSendError, type MailTransport, type OutgoingMail } from './mail-transport.js';
import { resendTransport } from './resend-transport.js';

/** The sender of organizations without settings; the outbox folder is only read locally. */
const DEFAULT_FROM = '"Ramal" <ramal@localhost>';

export interface ChosenTransport {
  provider: MailProvider;
  transport: MailTransport;
}

/**
 * The organization's transport. What the runtime cannot do (SMTP or a folder on workerd) is a
 * permanent failure with a message that says what to configure, never a silent drop.
 */
export function chooseTransport(deps: Pick<Deps, 'mail' | 'config'>, settings: MailSettingsRow | null, fetchFn: typeof fetch = fetch): ChosenTransport {
  const provider = settings?.provider ?? 'outbox';
  if (provider === 'outbox') {
    if (!deps.mail.outbox) throw new MailSendError('no mail settings: configure Resend under Settings › E-mail', 'PERMANENT');
    return { provider, transport: deps.mail.outbox };
  }
  if (provider === 'smtp') {
    if (!deps.mail.smtp) throw new MailSendError('SMTP is not available on this runtime: configure Resend under Settings › E-mail', 'PERMANENT');
    if (!settings?.smtpHost || !settings.smtpPort) throw new MailSendError('the SMTP settings are incomplete: set the server under Settings › E-mail', 'PERMANENT');
    return { provider, transport: deps.mail.smtp({ host: settings.smtpHost, port: settings.smtpPort, security: settings.smtpSecurity ?? 'starttls', user: settings.smtpUser, password: settings.smtpPassword }) };
  }
  if (!settings?.resendApiKey) throw new MailSendError('no Resend API key: set it under Settings › E-mail', 'PERMANENT');
  return { provider, transport: resendTransport(fetchFn, deps.config.RESEND_BASE_URL, settings.resendApiKey) };
}

export function fromHeader(settings: MailSettingsRow | null): string {
  if (!settings) return DEFAULT_FROM;
  // The settings schema refuses quotes and backslashes in the name, so quoting it is enough.
  return settings.fromName ? `"${settings.fromName}" <${settings.fromAddress}>` : settings.fromAddress;
}

/** The stored message with its attachments read: inline ones decoded, stored ones fetched from the blob store. */
export async function outgoingMail(deps: Pick<Deps, 'blobs'>, email: typeof emails.$inferSelect, settings: MailSettingsRow | null): Promise<OutgoingMail> {
  const attachments = [];
  for (const a of email.attachments) {
    let content: Uint8Array;
    if (a.contentBase64 !== null) content = base64ToBytes(a.contentBase64);
    else {
      const stream = a.blobKey && deps.blobs ? await deps.blobs.get(a.blobKey) : null;
      // Deleted by retention, or no store here: waiting will not bring it back.
      if (!stream) throw new MailSendError(`attachment ${a.filename} is no longer stored`, 'PERMANENT');
      content = await readAll(stream);
    }
    attachments.push({ filename: a.filename, contentType: a.contentType, content });
  }
  return {
    id: email.id, from: fromHeader(settings), to: email.toAddresses, cc: email.ccAddresses, ...(settings?.replyTo ? { replyTo: settings.replyTo } : {}),
    subject: email.subject, text: email.textBody, ...(email.htmlBody ? { html: email.htmlBody } : {}), attachments,
  };
}
