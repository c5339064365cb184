import { z } from 'zod';
import { siteTelephonyFields } from './site-telephony.js';

const code = z.string().regex(/^[0-9]{1,8}$/, 'err.numberingCode');

/** Accepts IANA zone names the runtime knows (America/Sao_Paulo, Europe/Lisbon…). */
export const TimeZoneSchema = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'err.timeZone');

const DottedPath = z.string().trim().max(200).regex(/^[\w$-]*(\.[\w$-]+)*$/, 'err.dottedPath');

export const PbxConnectionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('csv') }),
  z.object({
    kind: z.literal('http'),
    url: z.url({ protocol: /^https?$/, error: 'err.url' }),
    authHeader: z.string().trim().max(2000).regex(/^([A-Za-z0-9-]+:\s*.+)?$/, 'err.authHeader').optional(),
    mapping: z.object({
      list: DottedPath.default(''),
      number: DottedPath.min(1).default('number'),
      name: DottedPath.min(1).default('name'),
      email: DottedPath.min(1).default('email'),
    }),
  }),
]);

/** The fields without their defaults, for partial changes (see SiteUpdateSchema). */
const siteFields = {
  name: z.string().trim().min(1, 'err.required').max(120),
  timeZone: TimeZoneSchema,
  voicemailOwnCode: code,
  voicemailOtherCode: code,
  conferenceCode: code,
  pbxHost: z.string().trim().max(255),
  pbxConnection: PbxConnectionSchema,
  syncIntervalMinutes: z.number().int().min(0).max(10_080),
  ...siteTelephonyFields,
};

export const SiteFields = z.object({
  ...siteFields,
  voicemailOwnCode: siteFields.voicemailOwnCode.default('1001'),
  voicemailOtherCode: siteFields.voicemailOtherCode.default('1002'),
  conferenceCode: siteFields.conferenceCode.default('1006'),
  pbxHost: siteFields.pbxHost.default(''),
  pbxConnection: siteFields.pbxConnection.default({ kind: 'none' }),
  syncIntervalMinutes: siteFields.syncIntervalMinutes.default(60),
  // Absent: the table's defaults, and the organization's language for the prompts.
  promptLanguage: siteFields.promptLanguage.optional(),
  echoTestCode: siteFields.echoTestCode.optional(),
  recorderCode: siteFields.recorderCode.optional(),
  sipAllowedAddresses: siteFields.sipAllowedAddresses.optional(),
  sipInbound: siteFields.sipInbound.optional(),
  sipTrunk: siteFields.sipTrunk.optional(),
  mwiUnsolicited: siteFields.mwiUnsolicited.optional(),
});

const CODE_FIELDS = ['voicemailOwnCode', 'voicemailOtherCode', 'conferenceCode', 'echoTestCode', 'recorderCode'] as const;
type Codes = { voicemailOwnCode: string; voicemailOtherCode: string; conferenceCode: string; echoTestCode?: string | undefined; recorderCode?: string | undefined };

/**
 * The numbering codes are what callers dial; two equal ones would make calls ambiguous. Returns the
 * field to blame (the later of a clashing pair; conferenceCode among the first three), or null.
 */
export function clashingCode(v: Codes): (typeof CODE_FIELDS)[number] | null {
  const values = { echoTestCode: '1009', recorderCode: 'rec', ...Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) } as Record<string, string>;
  const seen = new Set<string>();
  for (const [i, field] of CODE_FIELDS.entries()) {
    const code = values[field]!.toLowerCase();
    if (seen.has(code)) return i <= 2 ? 'conferenceCode' : field;
    seen.add(code);
  }
  return null;
}

export const SiteSchema = SiteFields.superRefine((v, ctx) => {
  const clash = clashingCode(v);
  if (clash) ctx.addIssue({ code: 'custom', path: [clash], message: 'err.codesDistinct' });
});
export type SiteInput = z.infer<typeof SiteSchema>;

/**
 * Partial change; the distinct-codes rule is checked against the stored values by updateSite.
 * Built without defaults: zod 4 applies a default even inside `.partial()`, so `SiteFields.partial()`
 * turned a PATCH of the name into a reset of the codes and of the PBX connection (credential included).
 */
export const SiteUpdateSchema = z.object(siteFields).partial();
