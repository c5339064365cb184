import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { BatchItem, Db } from '../../db.js';
import { conferenceSettings, sites } from '../../../schema/index.js';
import { ApiError, notFound } from '../../errors.js';
import { LANGUAGES, type Language } from '../../i18n/index.js';
import { auditEntry } from '../audit/audit-entry.js';
import { inScopeSites, type Scope } from '../scope.js';
import { mailLanguage, type MailTemplate } from '../voicemail/voicemail-defaults.js';

/** The fields of the recordings e-mail (manual 4.5.1): name, room number, start and end date. */
export const RECORDING_FIELDS = ['name', 'room', 'start', 'end'] as const;
export type RecordingField = (typeof RECORDING_FIELDS)[number];

const TEMPLATES: Record<Language, MailTemplate> = {
  'pt-BR': { subject: 'Gravação da conferência {name} (sala {room})', body: 'Segue a gravação da conferência.\n\nConferência: {name}\nSala: {room}\nInício: {start}\nFim: {end}\n' },
  en: { subject: 'Conference recording: {name} (room {room})', body: 'The recording of the conference is attached.\n\nConference: {name}\nRoom: {room}\nStart: {start}\nEnd: {end}\n' },
  es: { subject: 'Grabación de la conferencia {name} (sala {room})', body: 'Se adjunta la grabación de la conferencia.\n\nConferencia: {name}\nSala: {room}\nInicio: {start}\nFin: {end}\n' },
};

export function defaultRecordingTemplates(): Record<Language, MailTemplate> {
  return { 'pt-BR': { ...TEMPLATES['pt-BR'] }, en: { ...TEMPLATES.en }, es: { ...TEMPLATES.es } };
}

function templateText(max: number) {
  return z.string().max(max).superRefine((text, ctx) => {
    for (const m of text.matchAll(/\{([^{}]*)\}/g)) {
      if (!(RECORDING_FIELDS as readonly string[]).includes(m[1] ?? '')) return void ctx.addIssue({ code: 'custom', message: 'conference.err.templateField' });
    }
  });
}

export const RecordingTemplateSchema = z.object({ subject: templateText(300).pipe(z.string().trim().min(1, 'err.required')), body: templateText(5000).pipe(z.string().min(1, 'err.required')) });

export const ConferenceSettingsInputSchema = z.object({
  templates: z.partialRecord(z.enum(LANGUAGES), RecordingTemplateSchema).optional(),
  maxRooms: z.array(z.object({ siteId: z.string().min(1), maxRooms: z.coerce.number().int().min(0, 'conference.err.maxRooms').max(1000, 'conference.err.maxRooms') })).max(500).optional(),
});
export type ConferenceSettingsInput = z.infer<typeof ConferenceSettingsInputSchema>;

export interface ConferenceSettingsView {
  templates: Record<Language, MailTemplate>;
  maxRooms: { siteId: string; siteName: string; maxRooms: number }[];
}

export function fillRecordingTemplate(text: string, fields: Record<RecordingField, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(fields, name) ? fields[name as RecordingField] : whole));
}

export async function recordingTemplate(db: Db, orgId: string, language: string): Promise<MailTemplate> {
  const lang = mailLanguage(language);
  const [row] = await db.select({ templates: conferenceSettings.templates }).from(conferenceSettings).where(eq(conferenceSettings.orgId, orgId));
  const own = row?.templates[lang];
  return own && own.subject.trim() ? own : defaultRecordingTemplates()[lang];
}

export async function getConferenceSettings(db: Db, scope: Scope): Promise<ConferenceSettingsView> {
  const siteFilter = inScopeSites(sites.id, scope);
  const [maxRooms, [row]] = await Promise.all([
    db.select({ siteId: sites.id, siteName: sites.name, maxRooms: sites.conferenceMaxRooms }).from(sites).where(and(eq(sites.orgId, scope.orgId), siteFilter)).orderBy(sql`${sites.name} collate nocase`),
    db.select().from(conferenceSettings).where(eq(conferenceSettings.orgId, scope.orgId)),
  ]);
  return { templates: { ...defaultRecordingTemplates(), ...(row?.templates ?? {}) }, maxRooms };
}

/** Room limits of the actor's sites; the templates are the whole organization's (not for site-limited actors). */
export async function saveConferenceSettings(db: Db, scope: Scope, input: ConferenceSettingsInput, now: Date): Promise<void> {
  const items: BatchItem[] = [];
  const current = await getConferenceSettings(db, scope);
  if (input.maxRooms?.length) {
    const visible = new Set(current.maxRooms.map((m) => m.siteId));
    if (input.maxRooms.some((m) => !visible.has(m.siteId))) throw notFound('site');
    for (const m of input.maxRooms) items.push(db.update(sites).set({ conferenceMaxRooms: m.maxRooms, updatedAt: now }).where(and(eq(sites.id, m.siteId), eq(sites.orgId, scope.orgId))));
  }
  if (input.templates) {
    if (scope.siteIds) throw new ApiError('FORBIDDEN', 'only administrators of every site change the e-mail templates');
    const templates = { ...current.templates, ...input.templates };
    items.push(db.insert(conferenceSettings).values({ orgId: scope.orgId, templates, updatedAt: now }).onConflictDoUpdate({ target: conferenceSettings.orgId, set: { templates, updatedAt: now } }));
  }
  if (!items.length) return;
  items.push(auditEntry(db, scope, { action: 'update', entityType: 'conferenceSettings', entityId: scope.orgId, summary: Object.keys(input).join(', ') }, now));
  await db.batch(items as [BatchItem, ...BatchItem[]]);
}
