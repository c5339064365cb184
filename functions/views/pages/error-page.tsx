import type { MessageKey } from '../../i18n/index.js';
import { Layout } from '../layout.js';
import type { ViewContext } from '../view-context.js';

const TITLES: Partial<Record<string, MessageKey>> = {
  NOT_FOUND: 'error.notFound',
  FORBIDDEN: 'error.forbidden',
  VALIDATION: 'error.validation',
  BAD_REQUEST: 'error.validation',
  PROTECTED: 'error.protected',
  CONFLICT: 'error.conflict',
  LOCKED: 'error.locked',
};

export function ErrorPage({ v, code, message, fields, requestId }: { v: ViewContext; code: string; message: string; fields: string[]; requestId: string }) {
  const title = v.t(TITLES[code] ?? 'error.title');
  return (
    <Layout v={v} title={title}>
      <h1>{title}</h1>
      <p>{message}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map((f) => (
            <li>{f}</li>
          ))}
        </ul>
      )}
      <p class="hint">{v.t('error.requestId', { id: requestId })}</p>
      <p>
        <a href="/" class="button">{v.t('nav.dashboard')}</a>
      </p>
    </Layout>
  );
}
