import { eq } from 'drizzle-orm';
import type { BatchItem, Db } from '../../db.js';
import { audioItems, voicemailSettings } from '../../../schema/index.js';
import { INTL_LOCALE } from '../../i18n/index.js';
import { queueMail } from '../mail/send-mail.js';
import { formatDateTime } from '../table/format.js';
import type { VoicemailMessageRow } from './mailbox-service.js';
import { AUDIO_CONTENT_TYPES, type AudioFormat } from './voicemail-audio.js';
import { defaultTemplates, DIVERT_REASON_LABELS, fillTemplate, mailLanguage, type MailTemplate, type TemplateField, UNKNOWN_CALLER } from './voicemail-defaults.js';

export const VOICEMAIL_MAIL_PURPOSE = 'voicemail.received';

export interface VoicemailMailOptions {
  /** The audio format to attach, or null for a notice without audio. */
  attach: AudioFormat | null;
  language: string;
  /** The site's, for the {date} field. */
  timeZone: string;
  now: Date;
  /** A fixed e-mail id when the same cause may be handled twice (outbox consumers). */
  id?: string;
  purpose?: string;
  createdBy?: string | null;
}

/** The organization's template for a language, else the built-in one; a blank subject counts as none. */
export async function mailTemplate(db: Db, orgId: string, language: string): Promise<MailTemplate> {
  const lang = mailLanguage(language);
  const [settings] = await db.select({ templates: voicemailSettings.templates }).from(voicemailSettings).where(eq(voicemailSettings.orgId, orgId));
  const own = settings?.templates[lang];
  return own && own.subject.trim() ? own : defaultTemplates()[lang];
}

/** The template fields of one message in one language. */
export function templateFields(message: VoicemailMessageRow, language: string, timeZone: string): Record<TemplateField, string> {
  const lang = mailLanguage(language);
  const name = message.callerName.trim();
  const number = message.callerNumber.trim();
  return {
    date: formatDateTime(message.receivedAt, { locale: INTL_LOCALE[lang], timeZone }),
    protocol: message.protocol,
    from: name && number ? `${name} <${number}>` : name || number || UNKNOWN_CALLER[lang],
    to: message.extension,
    reason: DIVERT_REASON_LABELS[lang][message.divertReason],
  };
}

/**
 * The templated e-mail about one message (new-message notice, or the web's "send by e-mail"),
 * with its audio attached by object storage key so the mail job reads it when sending.
 */
export async function voicemailMailItems(db: Db, message: VoicemailMessageRow, recipients: string[], options: VoicemailMailOptions): Promise<BatchItem[]> {
  if (!recipients.length) return [];
  const template = await mailTemplate(db, message.orgId, options.language);
  const fields = templateFields(message, options.language, options.timeZone);
  const attachments = [];
  if (options.attach) {
    const [item] = await db.select({ files: audioItems.files }).from(audioItems).where(eq(audioItems.id, message.audioId));
    const file = item?.files[options.attach];
    if (file) attachments.push({ filename: `${message.protocol}.${options.attach}`, contentType: AUDIO_CONTENT_TYPES[options.attach], blobKey: file.key });
  }
  const mail = queueMail(
    db,
    {
      orgId: message.orgId, siteId: message.siteId, to: recipients,
      // A template may hold a line break in the subject; headers cannot.
      subject: fillTemplate(template.subject, fields).replace(/[\r\n\t]+/g, ' ').trim().slice(0, 300) || message.protocol,
      text: fillTemplate(template.body, fields), attachments, purpose: options.purpose ?? VOICEMAIL_MAIL_PURPOSE, createdBy: options.createdBy ?? null,
    },
    options.now,
    options.id,
  );
  return mail.items;
}
