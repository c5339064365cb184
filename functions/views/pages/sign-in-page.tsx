import { Layout } from '../layout.js';
import { CsrfField } from '../form.js';
import type { ViewContext } from '../view-context.js';

export function SignInPage({ v, email, error, next }: { v: ViewContext; email: string; error: string | null; next: string }) {
  return (
    <Layout v={v} title={v.t('signIn.title')}>
      <div class="narrow card">
        <h1>{v.t('signIn.title')}</h1>
        {error && (
          <p class="error-summary" role="alert">
            {error}
          </p>
        )}
        <form method="post" action="/sign-in">
          <CsrfField v={v} />
          <input type="hidden" name="next" value={next} />
          <div class="field">
            <label for="f-email">{v.t('signIn.email')}</label>
            <input id="f-email" name="email" type="email" value={email} required autocomplete="username" autofocus />
          </div>
          <div class="field">
            <label for="f-password">{v.t('signIn.password')}</label>
            <input id="f-password" name="password" type="password" required autocomplete="current-password" />
          </div>
          <button type="submit" class="button primary wide">{v.t('signIn.submit')}</button>
        </form>
      </div>
    </Layout>
  );
}
