import { eq } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { recordingSettings } from '../../../schema/index.js';
import type { Language } from '../../i18n/index.js';
import { mailLanguage, type MailTemplate } from '../voicemail/voicemail-defaults.js';
import { RECORDING_MAIL_FIELDS } from './recording-contract.js';

export type RecordingMailField = (typeof RECORDING_MAIL_FIELDS)[number];

const TEMPLATES: Record<Language, MailTemplate> = {
  'pt-BR': { subject: 'Gravação {protocol}: {from} para {to}', body: 'Segue a gravação da chamada.\n\nData: {date}\nProtocolo: {protocol}\nDe: {from}\nPara: {to}\n' },
  en: { subject: 'Recording {protocol}: {from} to {to}', body: 'The recording of the call is attached.\n\nDate: {date}\nProtocol: {protocol}\nFrom: {from}\nTo: {to}\n' },
  es: { subject: 'Grabación {protocol}: {from} a {to}', body: 'Se adjunta la grabación de la llamada.\n\nFecha: {date}\nProtocolo: {protocol}\nDe: {from}\nPara: {to}\n' },
};

/** The built-in e-mail template for recordings (manual 5.3), per language. */
export function defaultRecordingMailTemplates(): Record<Language, MailTemplate> {
  return { 'pt-BR': { ...TEMPLATES['pt-BR'] }, en: { ...TEMPLATES.en }, es: { ...TEMPLATES.es } };
}

/** The organization's template in a language, or the built-in one. */
export async function recordingMailTemplate(db: Db, orgId: string, language: unknown): Promise<MailTemplate> {
  const lang = mailLanguage(language);
  const [row] = await db.select({ templates: recordingSettings.templates }).from(recordingSettings).where(eq(recordingSettings.orgId, orgId));
  const own = row?.templates[lang];
  return own && own.subject.trim() ? own : defaultRecordingMailTemplates()[lang];
}

/** Fills {date} {protocol} {from} {to}; any other braces stay as typed. */
export function fillRecordingMail(text: string, fields: Record<RecordingMailField, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(fields, name) ? fields[name as RecordingMailField] : whole));
}
