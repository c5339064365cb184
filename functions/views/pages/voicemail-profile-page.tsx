import type { OwnVoicemailProfile } from '../../services/voicemail/voicemail-profile-web.js';
import { CsrfField, ErrorSummary, FormActions, TextField, type FormErrors } from '../form.js';
import { Layout } from '../layout.js';
import type { ViewContext } from '../view-context.js';
import { PageHeader } from './page-header.js';
import { ProfileFields } from './voicemail-profile-fields.js';

/** Manual 3.5: the signed-in user's own choices, and the PIN for hearing messages by phone. */
export function VoicemailProfilePage(p: { v: ViewContext; values: OwnVoicemailProfile; errors: FormErrors }) {
  const { v, values, errors } = p;
  const labels = {
    mainAction: v.t('voicemail.profile.mainAction'), attachmentFormat: v.t('voicemail.profile.attachmentFormat'),
    alternateEmail: v.t('voicemail.profile.alternateEmail'), pin: v.t('voicemail.profile.pin'),
  };
  const boxes = values.mailboxes.map((m) => `${m.extension} (${m.siteName})`).join(', ');
  return (
    <Layout v={v} title={v.t('voicemail.profile.title')}>
      <PageHeader title={v.t('voicemail.profile.title')} back={{ href: '/voicemail', label: v.t('voicemail.title') }} />
      <form method="post" action="/voicemail/profile" class="card form" novalidate>
        <CsrfField v={v} />
        <ErrorSummary v={v} errors={errors} labels={labels} />
        <p class="hint">{boxes ? v.t('voicemail.profile.mailboxes', { list: boxes }) : v.t('voicemail.profile.noMailbox')}</p>
        <ProfileFields v={v} prefix="" values={values} errors={errors} />
        <TextField name="alternateEmail" type="email" label={labels.alternateEmail} value={values.alternateEmail} error={errors.alternateEmail} autocomplete="email" maxlength={254} />
        {values.mailboxes.length > 0 && (
          <TextField name="pin" type="password" label={labels.pin} hint={v.t('voicemail.profile.pinHint')} error={errors.pin} inputmode="numeric" autocomplete="new-password" maxlength={10} pattern="[0-9]{4,10}" />
        )}
        <FormActions v={v} cancelHref="/voicemail" submitLabel={v.t('common.save')} />
      </form>
    </Layout>
  );
}
