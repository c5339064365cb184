import { LANGUAGE_NAMES, LANGUAGES } from '../../i18n/index.js';
import { CheckboxList, CsrfField, FormBody, ErrorSummary, FormActions, SelectField, TextField, type FormErrors } from '../form.js';
import { Layout } from '../layout.js';
import type { ViewContext } from '../view-context.js';
import { PageHeader } from './page-header.js';

export interface UserFormValues {
  fullName: string;
  email: string;
  emailConfirmation: string;
  profileId: string;
  language: string;
  alternateEmail: string;
  groupIds: string[];
  siteMode: 'all' | 'some';
  siteIds: string[];
  /** Extension number per site id. */
  extensions: Record<string, string>;
}

export interface UserFormOptions {
  profiles: { id: string; name: string }[];
  groups: { id: string; name: string }[];
  sites: { id: string; name: string }[];
}


export function UserFormPage(p: { v: ViewContext; userId: string | null; isOwner: boolean; values: UserFormValues; errors: FormErrors; options: UserFormOptions }) {
  const { v, values, errors } = p;
  const isNew = p.userId === null;
  const readOnly = !v.can('system', isNew ? 'create' : 'edit');
  // One's own password changes under My account, where the current one is asked.
  const isSelf = !isNew && p.userId === v.user?.id;
  const title = isNew ? v.t('users.new') : v.t('users.edit');
  const labels: Record<string, string> = {
    fullName: v.t('users.fullName'), email: v.t('users.email'), emailConfirmation: v.t('users.emailConfirmation'),
    password: v.t('users.password'), passwordConfirmation: v.t('users.passwordConfirmation'), profileId: v.t('users.profile'),
    groupIds: v.t('users.groups'), siteIds: v.t('users.sites'), extensions: v.t('users.extensions'), alternateEmail: v.t('users.alternateEmail'),
  };
  return (
    <Layout v={v} title={title}>
      <PageHeader title={title} back={{ href: '/users', label: v.t('users.title') }} />
      <form method="post" action={isNew ? '/users/new' : `/users/${p.userId}`} class="card form" novalidate>
        <CsrfField v={v} />
        <FormBody readOnly={readOnly}>
          <ErrorSummary v={v} errors={errors} labels={labels} />
          <div class="form-grid">
            <TextField name="fullName" label={labels.fullName!} value={values.fullName} error={errors.fullName} required maxlength={120} autocomplete="name" />
            <TextField name="email" type="email" label={labels.email!} value={values.email} error={errors.email} required autocomplete="email" />
            <TextField name="emailConfirmation" type="email" label={labels.emailConfirmation!} value={values.emailConfirmation} error={errors.emailConfirmation} required autocomplete="off" />
            {isSelf ? (
              <p class="hint field">
                <a href="/account">{v.t('users.ownPasswordHere')}</a>
              </p>
            ) : (
              <>
                <TextField name="password" type="password" label={labels.password!} error={errors.password} required={isNew} autocomplete="new-password" hint={isNew ? v.t('users.passwordHint') : v.t('users.passwordKeep')} />
                <TextField name="passwordConfirmation" type="password" label={labels.passwordConfirmation!} error={errors.passwordConfirmation} required={isNew} autocomplete="new-password" />
              </>
            )}
            {!p.isOwner && (
              <SelectField name="profileId" label={labels.profileId!} value={values.profileId} error={errors.profileId} options={p.options.profiles.map((o) => ({ value: o.id, label: o.name }))} />
            )}
            <SelectField name="language" label={v.t('users.language')} value={values.language} options={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))} />
            <TextField name="alternateEmail" type="email" label={labels.alternateEmail!} value={values.alternateEmail} error={errors.alternateEmail} />
          </div>
          <CheckboxList name="groupIds" legend={labels.groupIds!} options={p.options.groups.map((g) => ({ value: g.id, label: g.name }))} checked={new Set(values.groupIds)} error={errors.groupIds} />
          {!p.isOwner && (
            <fieldset class="checkbox-list" id="f-siteIds">
              <legend>{labels.siteIds}</legend>
              <label class="check" for="f-siteMode-all">
                <input type="radio" id="f-siteMode-all" name="siteMode" value="all" checked={values.siteMode === 'all'} />
                {v.t('users.allSites')}
              </label>
              <label class="check" for="f-siteMode-some">
                <input type="radio" id="f-siteMode-some" name="siteMode" value="some" checked={values.siteMode === 'some'} />
                {v.t('users.someSites')}
              </label>
              <div class="indent">
                {p.options.sites.map((s, i) => (
                  <label class="check" for={`f-site-${i}`}>
                    <input type="checkbox" id={`f-site-${i}`} name="siteIds" value={s.id} checked={values.siteIds.includes(s.id)} />
                    {s.name}
                  </label>
                ))}
              </div>
              {errors.siteIds && <p class="field-error">{errors.siteIds}</p>}
            </fieldset>
          )}
          <fieldset class="checkbox-list" id="f-extensions">
            <legend>{labels.extensions}</legend>
            <p class="hint">{v.t('users.extensionsHint')}</p>
            <div class="form-grid">
              {p.options.sites.map((s) => (
                <TextField name={`ext.${s.id}`} label={s.name} value={values.extensions[s.id] ?? ''} inputmode="numeric" maxlength={15} />
              ))}
            </div>
            {errors.extensions && <p class="field-error">{errors.extensions}</p>}
          </fieldset>
        </FormBody>
        <FormActions v={v} cancelHref="/users" readOnly={readOnly} />
      </form>
    </Layout>
  );
}
