import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../../i18n/index.js';
import { RECORDING_MAIL_FIELDS } from '../../services/call-recordings/recording-contract.js';
import { CsrfField, ErrorSummary, Field, FormActions, FormBody, TextField, type FormErrors } from '../form.js';
import { Layout } from '../layout.js';
import type { ViewContext } from '../view-context.js';
import { PageHeader } from './page-header.js';

/** A user on (or found for) the exclusion list: name and e-mail as the list shows them. */
export interface ListedUser {
  id: string;
  label: string;
}

/** The form as typed, so a refused save comes back unchanged. */
export interface RecordingSettingsFormValues {
  minDurationSeconds: string;
  excludedUsers: ListedUser[];
  discardIfAnyExcluded: boolean;
  retentionOn: boolean;
  retentionDays: string;
  templates: Record<Language, { subject: string; body: string }>;
  userSearch: string;
}

export interface RecordingSettingsPageProps {
  v: ViewContext;
  values: RecordingSettingsFormValues;
  errors: FormErrors;
  /** People found by Search, not yet on the list; null when no search was made. */
  found: ListedUser[] | null;
  /** The rules are the whole organization's: an administrator of some sites only reads them. */
  readOnly: boolean;
}

/**
 * Manual 5.3/5.4.1: pick a field and Add puts it at the cursor (app.js, as on the voicemail
 * settings). Hidden until the script shows it; without it the fields are typed as the hint lists.
 */
function InsertField({ v, target }: { v: ViewContext; target: string }) {
  const picker = `${target}-field`;
  return (
    <div class="vm-insert" data-vm-insert hidden>
      <label for={picker} class="visually-hidden">{v.t('vrec.settingsInsertField')}</label>
      <select id={picker}>
        {RECORDING_MAIL_FIELDS.map((f) => (
          <option value={`{${f}}`}>{v.t(`vrec.settingsField.${f}`)}</option>
        ))}
      </select>{' '}
      <button type="button" class="button small" data-vm-insert-from={picker} data-vm-insert-into={target}>{v.t('vrec.settingsInsertField')}</button>
    </div>
  );
}

/** Manual 5.4.3: the listed users (untick to take one off), a search to add more, and the conflict rule. */
function ExclusionList({ v, values, errors, found }: RecordingSettingsPageProps) {
  const listError = errors.excludedUserIds;
  return (
    <section aria-labelledby="vrec-exclusion">
      <h2 id="vrec-exclusion">{v.t('vrec.settingsExclusion')}</h2>
      <p class="hint">{v.t('vrec.settingsExclusionHint')}</p>
      <fieldset class={listError ? 'checkbox-list has-error' : 'checkbox-list'} id="f-excludedUserIds">
        <legend>{v.t('vrec.settingsExcludedUsers')}</legend>
        {values.excludedUsers.length === 0 && <p class="hint">{v.t('vrec.settingsNoneExcluded')}</p>}
        {values.excludedUsers.map((u, i) => (
          <label class="check" for={`f-excluded-${i}`}>
            <input type="checkbox" id={`f-excluded-${i}`} name="excludedUserIds" value={u.id} checked /> {u.label}
          </label>
        ))}
        {values.excludedUsers.length > 0 && <p class="hint">{v.t('vrec.settingsUntickToRemove')}</p>}
        {listError && <p class="field-error">{listError}</p>}
      </fieldset>
      <div class="field">
        <label for="f-userSearch">{v.t('vrec.settingsAddUsers')}</label>
        <input id="f-userSearch" name="userSearch" type="search" value={values.userSearch} autocomplete="off" maxlength={100} aria-describedby="h-userSearch" />{' '}
        <button type="submit" name="action" value="search" class="button" formnovalidate>{v.t('vrec.settingsSearch')}</button>
        <p class="hint" id="h-userSearch">{v.t('vrec.settingsSearchHint')}</p>
      </div>
      {found && (
        <fieldset class="checkbox-list" id="vrec-found">
          <legend>{v.t('vrec.settingsFound')}</legend>
          {found.length === 0 && <p class="hint">{v.t('vrec.settingsNoMatch', { q: values.userSearch })}</p>}
          {found.map((u, i) => (
            <label class="check" for={`f-found-${i}`}>
              <input type="checkbox" id={`f-found-${i}`} name="excludedUserIds" value={u.id} /> {u.label}
            </label>
          ))}
        </fieldset>
      )}
      <div class={errors.discardIfAnyExcluded ? 'field has-error' : 'field'}>
        <label class="check" for="f-discardIfAnyExcluded">
          <input type="checkbox" id="f-discardIfAnyExcluded" name="discardIfAnyExcluded" value="on" checked={values.discardIfAnyExcluded} aria-describedby="h-discardIfAnyExcluded" />{' '}
          {v.t('vrec.settingsDiscardAny')}
        </label>
        <p class="hint" id="h-discardIfAnyExcluded">{v.t('vrec.settingsDiscardAnyHint')}</p>
        {errors.discardIfAnyExcluded && <p class="field-error">{errors.discardIfAnyExcluded}</p>}
      </div>
    </section>
  );
}

/** Retention: off, or N days, with what that means said plainly (the job deletes for good). */
function Retention({ v, values, errors }: RecordingSettingsPageProps) {
  return (
    <section aria-labelledby="vrec-retention">
      <h2 id="vrec-retention">{v.t('vrec.settingsRetention')}</h2>
      <fieldset class="checkbox-list" id="f-retention">
        <legend>{v.t('vrec.settingsRetentionKeep')}</legend>
        <label class="check" for="f-retention-off">
          <input type="radio" id="f-retention-off" name="retention" value="off" checked={!values.retentionOn} /> {v.t('vrec.settingsRetentionOff')}
        </label>
        <label class="check" for="f-retention-on">
          <input type="radio" id="f-retention-on" name="retention" value="on" checked={values.retentionOn} /> {v.t('vrec.settingsRetentionOn')}
        </label>
      </fieldset>
      <TextField name="retentionDays" label={v.t('vrec.settingsRetentionDays')} type="number" inputmode="numeric" value={values.retentionDays} error={errors.retentionDays} />
      <p class="hint" id="h-retention-warning"><strong>{v.t('vrec.settingsRetentionWarning')}</strong></p>
    </section>
  );
}

export function RecordingSettingsPage(p: RecordingSettingsPageProps) {
  const { v, values, errors } = p;
  const title = v.t('vrec.settingsTitle');
  const labels: Record<string, string> = {
    minDurationSeconds: v.t('vrec.settingsMinDuration'),
    excludedUserIds: v.t('vrec.settingsExcludedUsers'),
    discardIfAnyExcluded: v.t('vrec.settingsDiscardAny'),
    retentionDays: v.t('vrec.settingsRetentionDays'),
  };
  for (const l of LANGUAGES) {
    labels[`templates.${l}.subject`] = `${LANGUAGE_NAMES[l]}: ${v.t('vrec.settingsSubject')}`;
    labels[`templates.${l}.body`] = `${LANGUAGE_NAMES[l]}: ${v.t('vrec.settingsBody')}`;
  }
  return (
    <Layout v={v} title={title}>
      <PageHeader title={title} back={{ href: '/recordings', label: v.t('vrec.nav') }} />
      <form method="post" action="/recordings/settings" class="card form" novalidate>
        <CsrfField v={v} />
        <ErrorSummary v={v} errors={errors} labels={labels} />
        {p.readOnly && <p class="hint">{v.t('vrec.settingsReadOnly')}</p>}
        <FormBody readOnly={p.readOnly}>
          <section aria-labelledby="vrec-min">
            <h2 id="vrec-min">{v.t('vrec.settingsMinDurationTitle')}</h2>
            <TextField
              name="minDurationSeconds" label={v.t('vrec.settingsMinDuration')} type="number" inputmode="numeric" value={values.minDurationSeconds}
              hint={v.t('vrec.settingsMinDurationHint')} error={errors.minDurationSeconds}
            />
          </section>
          <ExclusionList {...p} />
          <Retention {...p} />
          <section aria-labelledby="vrec-templates">
            <h2 id="vrec-templates">{v.t('vrec.settingsTemplates')}</h2>
            <p class="hint">{v.t('vrec.settingsTemplatesHint')}</p>
            {LANGUAGES.map((l) => (
              <fieldset>
                <legend>{LANGUAGE_NAMES[l]}</legend>
                <TextField name={`templates.${l}.subject`} label={v.t('vrec.settingsSubject')} value={values.templates[l].subject} maxlength={300} error={errors[`templates.${l}.subject`]} />
                <InsertField v={v} target={`f-templates.${l}.subject`} />
                <Field name={`templates.${l}.body`} label={v.t('vrec.settingsBody')} error={errors[`templates.${l}.body`]}>
                  <textarea id={`f-templates.${l}.body`} name={`templates.${l}.body`} rows={7} maxlength={5000} aria-invalid={errors[`templates.${l}.body`] ? 'true' : undefined}>{values.templates[l].body}</textarea>
                </Field>
                <InsertField v={v} target={`f-templates.${l}.body`} />
              </fieldset>
            ))}
          </section>
        </FormBody>
        <FormActions v={v} cancelHref="/recordings" readOnly={p.readOnly} />
      </form>
    </Layout>
  );
}
