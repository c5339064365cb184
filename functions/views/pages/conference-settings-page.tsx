import { LANGUAGE_NAMES, LANGUAGES } from '../../i18n/index.js';
import type { ConferenceSettingsView } from '../../services/conference/conference-settings.js';
import { CsrfField, ErrorSummary, Field, FormActions, TextField, type FormErrors } from '../form.js';
import { Layout } from '../layout.js';
import type { ViewContext } from '../view-context.js';
import { PageHeader } from './page-header.js';

/** Manual 4.5.1: the recordings e-mail per language; and how many public rooms each site may hold. */
export function ConferenceSettingsPage({ v, values, errors, wholeOrganization }: { v: ViewContext; values: ConferenceSettingsView; errors: FormErrors; wholeOrganization: boolean }) {
  const title = v.t('conference.settingsTitle');
  return (
    <Layout v={v} title={title}>
      <PageHeader title={title} back={{ href: '/conference', label: v.t('conference.title') }} />
      <ErrorSummary v={v} errors={errors} labels={{}} />
      <form method="post" action="/conference/settings" class="card form">
        <CsrfField v={v} />
        <section aria-labelledby="conf-limits">
          <h2 id="conf-limits">{v.t('conference.maxRooms')}</h2>
          {values.maxRooms.map((m, i) => (
            <>
              <input type="hidden" name={`maxRooms.${i}.siteId`} value={m.siteId} />
              <TextField name={`maxRooms.${i}.maxRooms`} label={`${v.t('conference.maxRooms')} — ${m.siteName}`} type="number" value={m.maxRooms} error={errors[`maxRooms.${i}.maxRooms`]} inputmode="numeric" />
            </>
          ))}
        </section>
        {wholeOrganization && (
          <section aria-labelledby="conf-templates">
            <h2 id="conf-templates">{v.t('conference.templates')}</h2>
            <p class="hint">{v.t('conference.templateFields')}</p>
            {LANGUAGES.map((l) => (
              <fieldset>
                <legend>{LANGUAGE_NAMES[l]}</legend>
                <TextField name={`templates.${l}.subject`} label={v.t('conference.mailSubject')} value={values.templates[l].subject} error={errors[`templates.${l}.subject`]} maxlength={300} />
                <Field name={`templates.${l}.body`} label={v.t('conference.mailBody')} error={errors[`templates.${l}.body`]}>
                  <textarea id={`f-templates.${l}.body`} name={`templates.${l}.body`} rows={6}>{values.templates[l].body}</textarea>
                </Field>
              </fieldset>
            ))}
          </section>
        )}
        <FormActions v={v} cancelHref="/conference" />
      </form>
    </Layout>
  );
}
