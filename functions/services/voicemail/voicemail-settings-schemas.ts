import { z } from 'zod';
import { AUDIO_FORMATS, VOICEMAIL_ACTIONS } from '../../../schema/index.js';
import { LANGUAGES } from '../../i18n/index.js';
import { EmailSchema } from '../users/email.js';
import { PIN_PATTERN } from './node-voicemail-contract.js';
import { TEMPLATE_FIELDS } from './voicemail-defaults.js';

/** Only the manual's fields (3.4.1) may appear between braces; anything else is a typo to report. */
function templateText(max: number) {
  return z
    .string()
    .max(max)
    .superRefine((text, ctx) => {
      for (const match of text.matchAll(/\{([^{}]*)\}/g)) {
        if (!(TEMPLATE_FIELDS as readonly string[]).includes(match[1] ?? '')) {
          ctx.addIssue({ code: 'custom', message: 'voicemail.err.templateField' });
          return;
        }
      }
    });
}

export const TemplateSchema = z.object({ subject: templateText(300).pipe(z.string().trim().min(1, 'err.required')), body: templateText(5000).pipe(z.string().min(1, 'err.required')) });

export const ProfileValuesSchema = z.object({
  mainAction: z.enum(VOICEMAIL_ACTIONS),
  attachmentFormat: z.enum(AUDIO_FORMATS),
  hearDetails: z.boolean(),
  alternateEmailEnabled: z.boolean(),
});

/** Manual 3.4.2: messages per mailbox (default 100) and the longest message (default 180 s). */
export const SiteLimitsSchema = z.object({
  siteId: z.string().min(1),
  maxMessages: z.coerce.number().int().min(1).max(10_000),
  maxSeconds: z.coerce.number().int().min(10).max(3600),
});

export const VoicemailSettingsInputSchema = z.object({
  limits: z.array(SiteLimitsSchema).max(500).optional(),
  defaultProfile: ProfileValuesSchema.optional(),
  templates: z.partialRecord(z.enum(LANGUAGES), TemplateSchema).optional(),
});
export type VoicemailSettingsInput = z.infer<typeof VoicemailSettingsInputSchema>;

/** A user's own v-mailer profile (manual 3.5) and, optionally, a new PIN for their mailboxes. */
export const OwnVoicemailProfileSchema = ProfileValuesSchema.partial().extend({
  alternateEmail: z.union([z.literal('').transform(() => null), EmailSchema]).nullable().optional(),
  pin: z.string().regex(PIN_PATTERN, 'voicemail.err.pin').optional(),
});
export type OwnVoicemailProfileInput = z.infer<typeof OwnVoicemailProfileSchema>;
