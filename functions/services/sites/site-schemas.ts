import { z } from 'zod';

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
};

export const SiteFields = z.object({
  ...siteFields,
  voicemailOwnCode: siteFields.voicemailOwnCode.default('1001'),
  voicemailOtherCode: siteFields.voicemailOtherCode.default('1002'),
  conferenceCode: siteFields.conferenceCode.default('1006'),
  pbxHost: siteFields.pbxHost.default(''),
  pbxConnection: siteFields.pbxConnection.default({ kind: 'none' }),
  syncIntervalMinutes: siteFields.syncIntervalMinutes.default(60),
});

/** The three numbering codes are dialled prefixes; two equal ones would make calls ambiguous. */
export function codesDistinct(v: { voicemailOwnCode: string; voicemailOtherCode: string; conferenceCode: string }): boolean {
  const codes = [v.voicemailOwnCode, v.voicemailOtherCode, v.conferenceCode];
  return new Set(codes).size === codes.length;
}

export const SiteSchema = SiteFields.superRefine((v, ctx) => {
  if (!codesDistinct(v)) ctx.addIssue({ code: 'custom', path: ['conferenceCode'], message: 'err.codesDistinct' });
});
export type SiteInput = z.infer<typeof SiteSchema>;

/**
 * Partial change; the distinct-codes rule is checked against the stored values by updateSite.
 * Built without defaults: zod 4 applies a default even inside `.partial()`, so `SiteFields.partial()`
 * turned a PATCH of the name into a reset of the codes and of the PBX connection (credential included).
 */
export const SiteUpdateSchema = z.object(siteFields).partial();
