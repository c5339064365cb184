import { LANGUAGE_NAMES, LANGUAGES } from '../../i18n/index.js';
import { TEMPLATE_FIELDS } from '../../services/voicemail/voicemail-defaults.js';
import type { VoicemailSettingsView } from '../../services/voicemail/voicemail-settings.js';
import { CsrfField, ErrorSummary, Field, FormActions, TextField, type FormErrors } from '../form.js';
import { Layout } from '../layout.js';
import type { ViewContext } from '../view-context.js';
import { PageHeader } from './page-header.js';
import { ProfileFields } from './voicemail-profile-fields.js';

/**
 * Manual 3.4.1: pick a field and "Add" puts it at the cursor. Hidden until the script shows it;
 * without the script the fields are typed by hand, as the hint lists them.
 */
function InsertField({ v, target }: { v: ViewContext; target: string }) {
  const picker = `${target}-field`;
  return (
    <div class="vm-insert" data-vm-insert hidden>
      <label for={picker} class="visually-hidden">{v.t('voicemail.settings.insertField')}</label>
      <select id={picker}>
        {TEMPLATE_FIELDS.map((f) => (
          <option value={`{${f}}`}>{v.t(`voicemail.field.${f}`)}</option>
        ))}
      </select>{' '}
      <button type="button" class="button small" data-vm-insert-from={picker} data-vm-insert-into={target}>{v.t('voicemail.settings.insertField')}</button>
    </div>
  );
}

export function VoicemailSettingsPage(p: { v: ViewContext; values: VoicemailSettingsView; errors: FormErrors; wholeOrganization: boolean }) {
  const { v, values, errors } = p;
  const labels: Record<string, string> = {};
  values.limits.forEach((l, i) => {
    labels[`limits.${i}.maxMessages`] = `${l.siteName}: ${v.t('voicemail.settings.maxMessages')}`;
    labels[`limits.${i}.maxSeconds`] = `${l.siteName}: ${v.t('voicemail.settings.maxSeconds')}`;
  });
  for (const lang of LANGUAGES) {
    labels[`templates.${lang}.subject`] = `${LANGUAGE_NAMES[lang]}: ${v.t('voicemail.settings.subject')}`;
    labels[`templates.${lang}.body`] = `${LANGUAGE_NAMES[lang]}: ${v.t('voicemail.settings.body')}`;
  }
  return (
    <Layout v={v} title={v.t('voicemail.settings.title')}>
      <PageHeader title={v.t('voicemail.settings.title')} back={{ href: '/voicemail', label: v.t('voicemail.title') }} />
      <form method="post" action="/voicemail/settings" class="card form" novalidate>
        <CsrfField v={v} />
        <ErrorSummary v={v} errors={errors} labels={labels} />
        <h2>{v.t('voicemail.settings.limits')}</h2>
        <p class="hint">{v.t('voicemail.settings.limitsHint')}</p>
        {values.limits.map((l, i) => (
          <fieldset>
            <legend>{l.siteName}</legend>
            <input type="hidden" name={`limits.${i}.siteId`} value={l.siteId} />
            <TextField name={`limits.${i}.maxMessages`} label={v.t('voicemail.settings.maxMessages')} value={l.maxMessages} type="number" inputmode="numeric" error={errors[`limits.${i}.maxMessages`]} />
            <TextField name={`limits.${i}.maxSeconds`} label={v.t('voicemail.settings.maxSeconds')} value={l.maxSeconds} type="number" inputmode="numeric" error={errors[`limits.${i}.maxSeconds`]} />
          </fieldset>
        ))}
        {p.wholeOrganization && (
          <>
            <h2>{v.t('voicemail.settings.defaultProfile')}</h2>
            <p class="hint">{v.t('voicemail.settings.defaultProfileHint')}</p>
            <ProfileFields v={v} prefix="defaultProfile." values={values.defaultProfile} errors={errors} />
            <h2>{v.t('voicemail.settings.templates')}</h2>
            <p class="hint">{v.t('voicemail.settings.templatesHint')}</p>
            {LANGUAGES.map((lang) => (
              <fieldset>
                <legend>{v.t('voicemail.settings.language', { language: LANGUAGE_NAMES[lang] })}</legend>
                <TextField name={`templates.${lang}.subject`} label={v.t('voicemail.settings.subject')} value={values.templates[lang].subject} maxlength={300} error={errors[`templates.${lang}.subject`]} />
                <InsertField v={v} target={`f-templates.${lang}.subject`} />
                <Field name={`templates.${lang}.body`} label={v.t('voicemail.settings.body')} error={errors[`templates.${lang}.body`]}>
                  <textarea id={`f-templates.${lang}.body`} name={`templates.${lang}.body`} rows={7} maxlength={5000} aria-invalid={errors[`templates.${lang}.body`] ? 'true' : undefined}>{values.templates[lang].body}</textarea>
                </Field>
                <InsertField v={v} target={`f-templates.${lang}.body`} />
              </fieldset>
            ))}
          </>
        )}
        <FormActions v={v} cancelHref="/voicemail" submitLabel={v.t('common.save')} />
      </form>
      {p.wholeOrganization && (
        <form method="post" action="/voicemail/settings/apply-default-profile" class="card">
          <CsrfField v={v} />
          <p class="hint">{v.t('voicemail.settings.defaultProfileHint')}</p>
          <button type="submit" class="button" data-confirm={v.t('voicemail.settings.confirmApplyAll')}>{v.t('voicemail.settings.applyAll')}</button>
        </form>
      )}
    </Layout>
  );
}
