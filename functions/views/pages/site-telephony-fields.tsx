import { PROMPT_LANGUAGES } from '../../../schema/index.js';
import { LANGUAGE_NAMES } from '../../i18n/index.js';
import { Field, SelectField, TextField, type FormErrors } from '../form.js';
import type { ViewContext } from '../view-context.js';

/** Prompt languages each by its own name; the page languages' names come from the one table. */
const PROMPT_LANGUAGE_NAMES: Record<(typeof PROMPT_LANGUAGES)[number], string> = { ...LANGUAGE_NAMES, ja: '日本語', de: 'Deutsch', it: 'Italiano', fr: 'Français' };

/** The media node's settings of a site, flat as the form posts them. */
export interface SiteTelephonyValues {
  promptLanguage: string;
  sipAllowedAddresses: string;
  sipInboundMode: string;
  sipInboundUsername: string;
  sipInboundPasswordSet: boolean;
  sipTrunkMode: string;
  sipTrunkRegister: boolean;
  sipTrunkRegistrar: string;
  sipTrunkUsername: string;
  sipTrunkPasswordSet: boolean;
  sipTrunkExpires: string;
  mwiUnsolicited: string;
}

/** Schema paths → the form's field names, so errors land beside their control. */
export const TELEPHONY_FORM_FIELD: Record<string, string> = {
  'sipInbound.username': 'sipInboundUsername',
  'sipInbound.password': 'sipInboundPassword',
  'sipTrunk.registrar': 'sipTrunkRegistrar',
  'sipTrunk.username': 'sipTrunkUsername',
  'sipTrunk.password': 'sipTrunkPassword',
  'sipTrunk.expiresSeconds': 'sipTrunkExpires',
};

export function telephonyLabels(v: ViewContext): Record<string, string> {
  return {
    promptLanguage: v.t('sites.promptLanguage'), echoTestCode: v.t('sites.echoTestCode'), recorderCode: v.t('sites.recorderCode'),
    sipAllowedAddresses: v.t('sites.sipAllowedAddresses'), sipInboundUsername: v.t('sites.sipUsername'), sipInboundPassword: v.t('sites.sipPassword'),
    sipTrunkRegistrar: v.t('sites.sipRegistrar'), sipTrunkUsername: v.t('sites.sipUsername'), sipTrunkPassword: v.t('sites.sipPassword'), sipTrunkExpires: v.t('sites.sipExpires'),
  };
}

export function SiteTelephonyFields({ v, values, errors }: { v: ViewContext; values: SiteTelephonyValues; errors: FormErrors }) {
  const labels = telephonyLabels(v);
  const err = (k: string) => errors[k];
  const addressesError = err('sipAllowedAddresses');
  return (
    <fieldset>
      <legend>{v.t('sites.sip')}</legend>
      <div class="form-grid">
        <SelectField
          name="promptLanguage"
          label={labels.promptLanguage!}
          value={values.promptLanguage}
          error={err('promptLanguage')}
          hint={v.t('sites.promptLanguageHint')}
          options={PROMPT_LANGUAGES.map((l) => ({ value: l, label: PROMPT_LANGUAGE_NAMES[l] }))}
        />
        <SelectField
          name="mwiUnsolicited"
          label={v.t('sites.mwiUnsolicited')}
          value={values.mwiUnsolicited}
          hint={v.t('sites.mwiUnsolicitedHint')}
          options={[{ value: '0', label: v.t('sites.mwiSubscribers') }, { value: '1', label: v.t('sites.mwiAlsoPbx') }]}
        />
        <Field name="sipAllowedAddresses" label={labels.sipAllowedAddresses!} error={addressesError} hint={v.t('sites.sipAllowedAddressesHint')}>
          <textarea
            id="f-sipAllowedAddresses" name="sipAllowedAddresses" rows={3} maxlength={5000}
            aria-invalid={addressesError ? 'true' : undefined} aria-describedby={addressesError ? 'h-sipAllowedAddresses e-sipAllowedAddresses' : 'h-sipAllowedAddresses'}
          >
            {values.sipAllowedAddresses}
          </textarea>
        </Field>
      </div>
      <div class="form-grid">
        <SelectField
          name="sipInboundMode"
          label={v.t('sites.sipInbound')}
          value={values.sipInboundMode}
          options={['refuse', 'password'].map((m) => ({ value: m, label: v.t(`sites.sipInbound.${m}` as 'sites.sipInbound.refuse') }))}
        />
      </div>
      <div class="form-grid" data-show-when="sipInboundMode=password">
        <TextField name="sipInboundUsername" label={labels.sipInboundUsername!} value={values.sipInboundUsername} error={err('sipInbound.username')} autocomplete="off" maxlength={64} />
        <TextField
          name="sipInboundPassword" type="password" label={labels.sipInboundPassword!} error={err('sipInbound.password')} autocomplete="new-password" maxlength={128}
          {...(values.sipInboundPasswordSet ? { hint: v.t('sites.sipPasswordKeep') } : {})}
        />
      </div>
      <div class="form-grid">
        <SelectField
          name="sipTrunkMode"
          label={v.t('sites.sipTrunk')}
          value={values.sipTrunkMode}
          options={['off', 'on'].map((m) => ({ value: m, label: v.t(`sites.sipTrunk.${m}` as 'sites.sipTrunk.off') }))}
        />
      </div>
      <div class="form-grid" data-show-when="sipTrunkMode=on">
        <TextField name="sipTrunkRegistrar" label={labels.sipTrunkRegistrar!} value={values.sipTrunkRegistrar} error={err('sipTrunk.registrar')} maxlength={255} />
        <TextField name="sipTrunkUsername" label={labels.sipTrunkUsername!} value={values.sipTrunkUsername} error={err('sipTrunk.username')} autocomplete="off" maxlength={64} />
        <TextField
          name="sipTrunkPassword" type="password" label={labels.sipTrunkPassword!} error={err('sipTrunk.password')} autocomplete="new-password" maxlength={128}
          {...(values.sipTrunkPasswordSet ? { hint: v.t('sites.sipPasswordKeep') } : {})}
        />
        <TextField name="sipTrunkExpires" type="number" label={labels.sipTrunkExpires!} value={values.sipTrunkExpires} error={err('sipTrunk.expiresSeconds')} />
        <div class="field">
          <label>
            <input type="checkbox" name="sipTrunkRegister" value="1" checked={values.sipTrunkRegister} /> {v.t('sites.sipRegister')}
          </label>
        </div>
      </div>
    </fieldset>
  );
}
