import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { LANGUAGE_NAMES, LANGUAGES, type MessageKey } from '../i18n/index.js';
import { assetUrl } from '../assets/asset-url.js';
import { CsrfField } from './form.js';
import type { ViewContext } from './view-context.js';

interface NavItem {
  href: string;
  label: MessageKey;
  visible: (v: ViewContext) => boolean;
}

const NAV: NavItem[] = [
  { href: '/', label: 'nav.dashboard', visible: () => true },
  { href: '/voicemail', label: 'nav.voicemail', visible: (v) => v.can('vmailer', 'view') },
  { href: '/conference', label: 'conference.nav', visible: (v) => v.can('vconference', 'view') },
  { href: '/recordings', label: 'vrec.nav', visible: (v) => v.can('vrec', 'view') },
  { href: '/users', label: 'nav.users', visible: (v) => v.can('system', 'view') },
  { href: '/groups', label: 'nav.groups', visible: (v) => v.can('system', 'view') },
  { href: '/profiles', label: 'nav.profiles', visible: (v) => v.can('system', 'view') },
  { href: '/sites', label: 'nav.sites', visible: (v) => v.can('system', 'configure') },
  { href: '/tokens', label: 'nav.tokens', visible: (v) => v.can('system', 'configure') },
  { href: '/webhooks', label: 'nav.webhooks', visible: (v) => v.can('system', 'configure') },
  { href: '/mail', label: 'nav.mail', visible: (v) => v.can('system', 'configure') },
  { href: '/jobs', label: 'nav.jobs', visible: (v) => v.can('system', 'configure') },
  { href: '/audit', label: 'nav.audit', visible: (v) => v.can('system', 'view') },
];


// Without an icon of its own, every page makes the browser ask for /favicon.ico and get a 404.
// A data: URL needs no request and is allowed by the policy's img-src.
const ICON = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#15263b"/>' +
    '<text x="16" y="23" fill="#fff" font-family="sans-serif" font-size="20" font-weight="700" text-anchor="middle">R</text></svg>',
)}`;

function isCurrent(v: ViewContext, href: string): boolean {
  return href === '/' ? v.path === '/' : v.path === href || v.path.startsWith(`${href}/`);
}

export function LanguageMenu({ v }: { v: ViewContext }) {
  return (
    <form method="post" action="/language" class="lang-menu" data-autosubmit>
      <CsrfField v={v} />
      <input type="hidden" name="next" value={v.path} />
      <label for="lang-select" class="visually-hidden">{v.t('nav.language')}</label>
      <select id="lang-select" name="language">
        {LANGUAGES.map((l) => (
          <option value={l} selected={l === v.lang} lang={l}>{LANGUAGE_NAMES[l]}</option>
        ))}
      </select>
      <button type="submit" class="button small">{v.t('common.apply')}</button>
    </form>
  );
}

/** The page shell: header with navigation, language menu and account, then the page body. */
export function Layout({ v, title, children }: { v: ViewContext; title: string; children: Child }) {
  return (
    <>
    {raw('<!DOCTYPE html>')}
    <html lang={v.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Ramal`}</title>
        <link rel="icon" href={ICON} />
        <link rel="stylesheet" href={assetUrl('app.css')} />
        <script src={assetUrl('app.js')} defer></script>
      </head>
      <body>
        <a class="skip-link" href="#main">{v.t('nav.skip')}</a>
        <header class="top-bar">
          <a href="/" class="brand">Ramal</a>
          {v.user && (
            <div class="nav-menu">
              <nav aria-label={v.t('nav.main')}>
                <ul>
                  {NAV.filter((n) => n.visible(v)).map((n) => (
                    <li>
                      <a href={n.href} aria-current={isCurrent(v, n.href) ? 'page' : undefined}>{v.t(n.label)}</a>
                    </li>
                  ))}
                </ul>
              </nav>
            </div>
          )}
          <div class="top-actions">
            <LanguageMenu v={v} />
            {v.user && (
              <>
                <a href="/account" class="account-link">{v.user.fullName}</a>
                <form method="post" action="/sign-out">
                  <CsrfField v={v} />
                  <button type="submit" class="button small">{v.t('nav.signOut')}</button>
                </form>
              </>
            )}
          </div>
        </header>
        <main id="main" tabindex={-1}>
          {v.flash && <p class="flash" role="status">{v.flash}</p>}
          {children}
        </main>
      </body>
    </html>
    </>
  );
}
