import { SMTP_SECURITY, type MailProvider } from '../../services/mail/mail-schemas.js';
import { CsrfField, ErrorSummary, FormActions, SelectField, TextField, type FormErrors } from '../form.js';
import { Layout } from '../layout.js';
import type { ViewContext } from '../view-context.js';
import { PageHeader } from './page-header.js';

export interface MailFormValues {
  provider: string;
  fromAddress: string;
  fromName: string;
  replyTo: string;
  smtpHost: string;
  smtpPort: string;
  smtpSecurity: string;
  smtpUser: string;
  resendApiKeySet: boolean;
  smtpPasswordSet: boolean;
}

export function MailSettingsPage(p: { v: ViewContext; values: MailFormValues; errors: FormErrors; testTo: string; testErrors: FormErrors; outboxAvailable: boolean }) {
  const { v, values, errors } = p;
  const labels: Record<string, string> = {
    provider: v.t('mail.providerField'), fromAddress: v.t('mail.fromAddress'), fromName: v.t('mail.fromName'), replyTo: v.t('mail.replyTo'),
    resendApiKey: v.t('mail.resendApiKey'), smtpHost: v.t('mail.smtpHost'), smtpPort: v.t('mail.smtpPort'), smtpSecurity: v.t('mail.smtpSecurity'),
    smtpUser: v.t('mail.smtpUser'), smtpPassword: v.t('mail.smtpPassword'),
  };
  const providers: MailProvider[] = [...(p.outboxAvailable || values.provider === 'outbox' ? (['outbox'] as const) : []), 'resend', 'smtp'];
  const secretHint = (set: boolean) => (set ? v.t('mail.secretKeep') : v.t('mail.secretUnset'));
  return (
    <Layout v={v} title={v.t('mail.settingsTitle')}>
      <PageHeader title={v.t('mail.settingsTitle')} back={{ href: '/mail', label: v.t('mail.listLink') }} />
      <form method="post" action="/settings/mail" class="card form" novalidate>
        <CsrfField v={v} />
        <ErrorSummary v={v} errors={errors} labels={labels} />
        <SelectField name="provider" label={labels.provider!} value={values.provider} error={errors.provider} hint={v.t('mail.providerHint')}
          options={providers.map((k) => ({ value: k, label: v.t(`mail.provider.${k}`) }))} />
        <div class="form-grid">
          <TextField name="fromAddress" type="email" label={labels.fromAddress!} value={values.fromAddress} error={errors.fromAddress} required autocomplete="off" inputmode="email" maxlength={254} />
          <TextField name="fromName" label={labels.fromName!} value={values.fromName} error={errors.fromName} maxlength={100} />
          <TextField name="replyTo" type="email" label={labels.replyTo!} value={values.replyTo} error={errors.replyTo} inputmode="email" maxlength={254} />
        </div>
        <fieldset data-show-when="provider=resend">
          <legend>{v.t('mail.resendSection')}</legend>
          <TextField name="resendApiKey" type="password" label={labels.resendApiKey!} error={errors.resendApiKey} hint={secretHint(values.resendApiKeySet)} autocomplete="new-password" maxlength={200} />
        </fieldset>
        <fieldset data-show-when="provider=smtp">
          <legend>{v.t('mail.smtpSection')}</legend>
          <div class="form-grid">
            <TextField name="smtpHost" label={labels.smtpHost!} value={values.smtpHost} error={errors.smtpHost} maxlength={253} />
            <TextField name="smtpPort" type="number" label={labels.smtpPort!} value={values.smtpPort} error={errors.smtpPort} inputmode="numeric" />
            <SelectField name="smtpSecurity" label={labels.smtpSecurity!} value={values.smtpSecurity || 'starttls'} error={errors.smtpSecurity}
              options={SMTP_SECURITY.map((s) => ({ value: s, label: v.t(`mail.smtpSecurity.${s}`) }))} />
            <TextField name="smtpUser" label={labels.smtpUser!} value={values.smtpUser} error={errors.smtpUser} autocomplete="off" maxlength={200} />
            <TextField name="smtpPassword" type="password" label={labels.smtpPassword!} error={errors.smtpPassword} hint={secretHint(values.smtpPasswordSet)} autocomplete="new-password" maxlength={200} />
          </div>
        </fieldset>
        <FormActions v={v} cancelHref="/mail" />
      </form>
      <form method="post" action="/settings/mail/test" class="card form" novalidate>
        <h2>{v.t('mail.testTitle')}</h2>
        <CsrfField v={v} />
        <ErrorSummary v={v} errors={p.testErrors} labels={{ to: v.t('mail.testTo') }} />
        <TextField name="to" type="email" label={v.t('mail.testTo')} value={p.testTo} error={p.testErrors.to} required inputmode="email" maxlength={254} />
        <div class="form-actions">
          <button type="submit" class="button primary">{v.t('mail.sendTest')}</button>
        </div>
      </form>
    </Layout>
  );
}
