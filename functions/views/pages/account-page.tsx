import { LANGUAGE_NAMES, LANGUAGES } from '../../i18n/index.js';
import { CsrfField, ErrorSummary, FormActions, SelectField, TextField, type FormErrors } from '../form.js';
import { Layout } from '../layout.js';
import type { ViewContext } from '../view-context.js';
import { PageHeader } from './page-header.js';

export interface AccountValues {
  fullName: string;
  email: string;
  language: string;
  alternateEmail: string;
}


/** Manual 2.9: the signed-in user's own name, language, alternate e-mail and password. */
export function AccountPage({ v, values, errors }: { v: ViewContext; values: AccountValues; errors: FormErrors }) {
  const labels = {
    fullName: v.t('users.fullName'), language: v.t('users.language'), alternateEmail: v.t('users.alternateEmail'),
    currentPassword: v.t('account.currentPassword'), password: v.t('account.newPassword'), passwordConfirmation: v.t('users.passwordConfirmation'),
  };
  return (
    <Layout v={v} title={v.t('account.title')}>
      <PageHeader title={v.t('account.title')} />
      <form method="post" action="/account" class="card form" novalidate>
        <CsrfField v={v} />
        <ErrorSummary v={v} errors={errors} labels={labels} />
        <p>
          {v.t('users.email')}: <strong>{values.email}</strong>
        </p>
        <div class="form-grid">
          <TextField name="fullName" label={labels.fullName} value={values.fullName} error={errors.fullName} required maxlength={120} autocomplete="name" />
          <SelectField name="language" label={labels.language} value={values.language} options={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))} />
          <TextField name="alternateEmail" type="email" label={labels.alternateEmail} value={values.alternateEmail} error={errors.alternateEmail} hint={v.t('account.alternateEmailHint')} />
        </div>
        <fieldset>
          <legend>{v.t('account.changePassword')}</legend>
          <div class="form-grid">
            <TextField name="currentPassword" type="password" label={labels.currentPassword} error={errors.currentPassword} autocomplete="current-password" />
            <TextField name="password" type="password" label={labels.password} error={errors.password} autocomplete="new-password" hint={v.t('users.passwordHint')} />
            <TextField name="passwordConfirmation" type="password" label={labels.passwordConfirmation} error={errors.passwordConfirmation} autocomplete="new-password" />
          </div>
        </fieldset>
        <FormActions v={v} cancelHref="/" />
      </form>
    </Layout>
  );
}
