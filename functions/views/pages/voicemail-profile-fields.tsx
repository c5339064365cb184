import { AUDIO_FORMATS, VOICEMAIL_ACTIONS, type VoicemailProfileValues } from '../../../schema/index.js';
import { SelectField, type FormErrors } from '../form.js';
import type { ViewContext } from '../view-context.js';

/** The profile choices of manual 3.4.3 and 3.5, shared by the default profile and a user's own. */
export function ProfileFields({ v, prefix, values, errors }: { v: ViewContext; prefix: string; values: VoicemailProfileValues; errors: FormErrors }) {
  return (
    <>
      <SelectField name={`${prefix}mainAction`} label={v.t('voicemail.profile.mainAction')} value={values.mainAction} error={errors[`${prefix}mainAction`]} options={VOICEMAIL_ACTIONS.map((a) => ({ value: a, label: v.t(`voicemail.profile.action.${a}`) }))} />
      <SelectField name={`${prefix}attachmentFormat`} label={v.t('voicemail.profile.attachmentFormat')} value={values.attachmentFormat} error={errors[`${prefix}attachmentFormat`]} options={AUDIO_FORMATS.map((f) => ({ value: f, label: v.t(`voicemail.format.${f}`) }))} />
      <div class="field">
        <label class="check" for={`f-${prefix}hearDetails`}>
          <input type="checkbox" id={`f-${prefix}hearDetails`} name={`${prefix}hearDetails`} value="on" checked={values.hearDetails} />
          {v.t('voicemail.profile.hearDetails')}
        </label>
      </div>
      <div class="field">
        <label class="check" for={`f-${prefix}alternateEmailEnabled`}>
          <input type="checkbox" id={`f-${prefix}alternateEmailEnabled`} name={`${prefix}alternateEmailEnabled`} value="on" checked={values.alternateEmailEnabled} />
          {v.t('voicemail.profile.alternateEmailEnabled')}
        </label>
      </div>
    </>
  );
}

/** Reads ProfileFields back from a posted form. */
export function readProfileFields(form: Record<string, unknown>, prefix: string) {
  const text = (k: string) => (typeof form[`${prefix}${k}`] === 'string' ? (form[`${prefix}${k}`] as string) : '');
  return { mainAction: text('mainAction'), attachmentFormat: text('attachmentFormat'), hearDetails: text('hearDetails') === 'on', alternateEmailEnabled: text('alternateEmailEnabled') === 'on' };
}
