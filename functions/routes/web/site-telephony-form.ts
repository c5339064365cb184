import type { FieldError } from '../../errors.js';
import { translateMaybe, type Translate } from '../../i18n/index.js';
import type { SiteRow } from '../../services/sites/site-service.js';
import type { SiteTelephonyValues } from '../../views/pages/site-telephony-fields.js';

/** What the form shows for a stored site (or a new one, whose prompts speak the organization's language). */
export function telephonyValuesOf(site: SiteRow | null, organizationLanguage: string): SiteTelephonyValues {
  const inbound = site?.sipInbound ?? null;
  const trunk = site?.sipTrunk ?? null;
  return {
    promptLanguage: site?.promptLanguage ?? organizationLanguage,
    sipAllowedAddresses: (site?.sipAllowedAddresses ?? []).join('\n'),
    sipInboundMode: inbound ? 'password' : 'refuse', sipInboundUsername: inbound?.username ?? '', sipInboundPasswordSet: Boolean(inbound),
    sipTrunkMode: trunk ? 'on' : 'off', sipTrunkRegister: trunk?.register ?? false, sipTrunkRegistrar: trunk?.registrar ?? '',
    sipTrunkUsername: trunk?.username ?? '', sipTrunkPasswordSet: Boolean(trunk), sipTrunkExpires: String(trunk?.expiresSeconds ?? 3600),
    mwiUnsolicited: site?.mwiUnsolicited ? '1' : '0',
  };
}

/** The posted values, to show again when something is wrong (passwords are never echoed). */
export function telephonyValuesFromForm(form: Record<string, unknown>, site: SiteRow | null): SiteTelephonyValues {
  const s = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : '');
  return {
    promptLanguage: s('promptLanguage'), sipAllowedAddresses: s('sipAllowedAddresses'),
    sipInboundMode: s('sipInboundMode'), sipInboundUsername: s('sipInboundUsername'), sipInboundPasswordSet: Boolean(site?.sipInbound),
    sipTrunkMode: s('sipTrunkMode'), sipTrunkRegister: s('sipTrunkRegister') === '1', sipTrunkRegistrar: s('sipTrunkRegistrar'),
    sipTrunkUsername: s('sipTrunkUsername'), sipTrunkPasswordSet: Boolean(site?.sipTrunk), sipTrunkExpires: s('sipTrunkExpires'),
    mwiUnsolicited: s('mwiUnsolicited'),
  };
}

export function addressLines(text: string): string[] {
  return text.split(/[\s,;]+/).filter(Boolean);
}

/**
 * The flat form in the shape of the site schema; a blank password means "keep the stored one".
 * A control the post lacks altogether (an older form, a script) leaves its setting as it is.
 */
export function telephonyInput(values: SiteTelephonyValues & { echoTestCode: string; recorderCode: string }, form: Record<string, unknown>): Record<string, unknown> {
  const posted = (k: string) => form[k] !== undefined;
  const password = (k: string) => (typeof form[k] === 'string' && form[k] ? (form[k] as string) : undefined);
  const out: Record<string, unknown> = {};
  if (posted('echoTestCode')) out.echoTestCode = values.echoTestCode;
  if (posted('recorderCode')) out.recorderCode = values.recorderCode;
  if (posted('promptLanguage')) out.promptLanguage = values.promptLanguage;
  if (posted('mwiUnsolicited')) out.mwiUnsolicited = values.mwiUnsolicited === '1';
  if (posted('sipAllowedAddresses')) out.sipAllowedAddresses = addressLines(values.sipAllowedAddresses);
  if (posted('sipInboundMode')) {
    out.sipInbound = values.sipInboundMode === 'password' ? { username: values.sipInboundUsername, password: password('sipInboundPassword') } : null;
  }
  if (posted('sipTrunkMode')) {
    out.sipTrunk =
      values.sipTrunkMode === 'on'
        ? {
            register: values.sipTrunkRegister, registrar: values.sipTrunkRegistrar, username: values.sipTrunkUsername,
            password: password('sipTrunkPassword'), expiresSeconds: Number(values.sipTrunkExpires),
          }
        : null;
  }
  return out;
}

/** A wrong address is reported on the one text box, naming the line's value so it can be found. */
export function telephonyFieldErrors(fields: FieldError[], values: SiteTelephonyValues, t: Translate): FieldError[] {
  const lines = addressLines(values.sipAllowedAddresses);
  return fields.map((f) => {
    const m = /^sipAllowedAddresses\.(\d+)$/.exec(f.field);
    if (!m) return f;
    return { field: 'sipAllowedAddresses', message: `${translateMaybe(t, f.message)} (${lines[Number(m[1])] ?? ''})` };
  });
}
