import type { DivertReasonValue, VoicemailProfileValues } from '../../../schema/tables/voicemail.js';
import { isLanguage, type Language } from '../../i18n/index.js';

/** What a user gets before anyone saves a profile or organization defaults (manual 3.4.3). */
export const DEFAULT_PROFILE: VoicemailProfileValues = {
  mainAction: 'email-attachment',
  attachmentFormat: 'mp3',
  hearDetails: true,
  alternateEmailEnabled: false,
};

/** The fields a template may hold (manual 3.4.1), in the order the settings page offers them. */
export const TEMPLATE_FIELDS = ['date', 'protocol', 'from', 'to', 'reason'] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];

export interface MailTemplate {
  subject: string;
  body: string;
}

const TEMPLATES: Record<Language, MailTemplate> = {
  'pt-BR': {
    subject: 'Nova mensagem de voz de {from} ({protocol})',
    body: 'Você recebeu uma nova mensagem de voz.\n\nData: {date}\nProtocolo: {protocol}\nDe: {from}\nPara: {to}\nMotivo do desvio: {reason}\n',
  },
  en: {
    subject: 'New voice message from {from} ({protocol})',
    body: 'You have a new voice message.\n\nDate: {date}\nProtocol: {protocol}\nFrom: {from}\nTo: {to}\nDivert reason: {reason}\n',
  },
  es: {
    subject: 'Nuevo mensaje de voz de {from} ({protocol})',
    body: 'Ha recibido un nuevo mensaje de voz.\n\nFecha: {date}\nProtocolo: {protocol}\nDe: {from}\nPara: {to}\nMotivo del desvío: {reason}\n',
  },
};

/** The built-in template of each language; a fresh copy, so callers may edit it. */
export function defaultTemplates(): Record<Language, MailTemplate> {
  return { 'pt-BR': { ...TEMPLATES['pt-BR'] }, en: { ...TEMPLATES.en }, es: { ...TEMPLATES.es } };
}

/** The manual's divert reasons in each language (3.3.1: não atende, ocupado, não logado, incondicional). */
export const DIVERT_REASON_LABELS: Record<Language, Record<DivertReasonValue, string>> = {
  'pt-BR': { busy: 'Ocupado', 'no-answer': 'Não atende', unavailable: 'Não logado', unconditional: 'Desvio incondicional', unknown: 'Desconhecido' },
  en: { busy: 'Busy', 'no-answer': 'No answer', unavailable: 'Not logged in', unconditional: 'Unconditional divert', unknown: 'Unknown' },
  es: { busy: 'Ocupado', 'no-answer': 'No contesta', unavailable: 'No conectado', unconditional: 'Desvío incondicional', unknown: 'Desconocido' },
};

/** The {from} field of a call that brought neither name nor number. */
export const UNKNOWN_CALLER: Record<Language, string> = { 'pt-BR': 'Número desconhecido', en: 'Unknown caller', es: 'Número desconocido' };

/** One of our languages for `value`, else pt-BR (the manual's language). */
export function mailLanguage(value: unknown): Language {
  return isLanguage(value) ? value : 'pt-BR';
}

/** Fills {field} placeholders; unknown ones stay as typed so a template mistake is visible. */
export function fillTemplate(text: string, fields: Record<TemplateField, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(fields, name) ? fields[name as TemplateField] : whole));
}
