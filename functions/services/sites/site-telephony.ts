import { z } from 'zod';
import { PROMPT_LANGUAGES, type SipCredentials, type SipTrunk } from '../../../schema/index.js';
import { fieldError } from '../../errors.js';

/** Codes the media node matches against the dialled user part: digits or letters. */
export const AppCodeSchema = z.string().trim().regex(/^[A-Za-z0-9]{1,20}$/, 'err.appCode');

export const SipAddressSchema = z.string().trim().pipe(z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], { error: 'err.ipOrCidr' }));

const SipUser = z.string().trim().regex(/^[^\s:@"<>]{1,64}$/, 'err.sipUser');
/** Blank or absent keeps the stored password (forms and API never show it). */
const SipPassword = z.string().max(128).optional();
const Registrar = z
  .string()
  .trim()
  .max(255)
  .regex(/^(sips?:)?([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/, 'err.registrar');

export const SipInboundInputSchema = z.object({ username: SipUser, password: SipPassword }).nullable();
export const SipTrunkInputSchema = z
  .object({
    register: z.boolean().default(false),
    registrar: Registrar,
    username: SipUser,
    password: SipPassword,
    expiresSeconds: z.number().int().min(60).max(86_400).default(3600),
  })
  .nullable();
export type SipInboundInput = z.infer<typeof SipInboundInputSchema>;
export type SipTrunkInput = z.infer<typeof SipTrunkInputSchema>;

/** The telephony settings of a site beside its numbering codes; all optional (the table has defaults). */
export const siteTelephonyFields = {
  promptLanguage: z.enum(PROMPT_LANGUAGES),
  echoTestCode: AppCodeSchema,
  recorderCode: AppCodeSchema,
  sipAllowedAddresses: z.array(SipAddressSchema).max(100),
  sipInbound: SipInboundInputSchema,
  sipTrunk: SipTrunkInputSchema,
  mwiUnsolicited: z.boolean(),
};

/** A stored password when the input leaves it blank; refusing when there is none to keep. */
function withPassword<T extends { password?: string | undefined }>(input: T, stored: string | undefined, field: string): T & { password: string } {
  const password = input.password ? input.password : stored;
  if (!password) throw fieldError(field, 'err.required');
  return { ...input, password };
}

/** Resolves write-only passwords against what is stored (null when creating). */
export function resolveSipSecrets(
  input: { sipInbound?: SipInboundInput | undefined; sipTrunk?: SipTrunkInput | undefined },
  stored: { sipInbound: SipCredentials | null; sipTrunk: SipTrunk | null } | null,
): { sipInbound?: SipCredentials | null; sipTrunk?: SipTrunk | null } {
  const out: { sipInbound?: SipCredentials | null; sipTrunk?: SipTrunk | null } = {};
  if (input.sipInbound !== undefined) {
    out.sipInbound = input.sipInbound && withPassword(input.sipInbound, stored?.sipInbound?.password, 'sipInbound.password');
  }
  if (input.sipTrunk !== undefined) {
    out.sipTrunk = input.sipTrunk && withPassword(input.sipTrunk, stored?.sipTrunk?.password, 'sipTrunk.password');
  }
  return out;
}

/** The SIP settings as the API and pages show them: passwords never leave the server. */
export function redactSip(site: { sipInbound: SipCredentials | null; sipTrunk: SipTrunk | null }) {
  const { sipInbound, sipTrunk } = site;
  return {
    sipInbound: sipInbound ? { username: sipInbound.username, passwordSet: true } : null,
    sipTrunk: sipTrunk ? { register: sipTrunk.register, registrar: sipTrunk.registrar, username: sipTrunk.username, expiresSeconds: sipTrunk.expiresSeconds, passwordSet: true } : null,
  };
}
