import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { translator, type Language } from '../../functions/i18n/index.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, textOf, useBrowserHarness } from './browser-harness.js';

// The administrator starts in Portuguese, the product's default language.
const h = useBrowserHarness({ adminLanguage: 'pt-BR' });
const pt = translator('pt-BR');

async function chooseLanguage(page: Page, from: Language, to: Language): Promise<void> {
  // Picked without a pointer (as from the keyboard) the menu waits for Apply; the new page
  // carries the new lang attribute.
  await page.getByLabel(translator(from)('nav.language'), { exact: true }).selectOption(to);
  expect(await page.getAttribute('html', 'lang')).toBe(from);
  await page.locator('form.lang-menu').getByRole('button', { name: translator(from)('common.apply') }).click();
  await page.locator(`html[lang="${to}"]`).waitFor({ state: 'attached' });
}

async function expectDashboardIn(page: Page, lang: Language): Promise<void> {
  const t = translator(lang);
  expect(new URL(page.url()).pathname).toBe('/');
  expect(await page.getAttribute('html', 'lang')).toBe(lang);
  expect(await page.title()).toBe(`${t('dashboard.title')} · Ramal`);
  expect(await textOf(page, 'main h1')).toBe(t('dashboard.title'));
  expect(await page.getByRole('navigation', { name: t('nav.main') }).getByRole('link', { name: t('nav.users'), exact: true }).isVisible()).toBe(true);
  expect(await page.getByRole('button', { name: t('nav.signOut') }).isVisible()).toBe(true);
}

describe('signing in', () => {
  it('sends a visitor to the sign-in page and refuses a wrong password with the error, keeping the e-mail', async () => {
    const page = await h.newPage({ locale: 'pt-BR' });
    await page.goto('/users');
    const url = new URL(page.url());
    expect(url.pathname).toBe('/sign-in');
    expect(url.searchParams.get('next')).toBe('/users');
    expect(await textOf(page, 'main h1')).toBe(pt('signIn.title'));

    await page.getByLabel(pt('signIn.email'), { exact: true }).fill(ADMIN_EMAIL);
    await page.getByLabel(pt('signIn.password'), { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: pt('signIn.submit') }).click();

    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect((await alert.textContent())?.trim()).toBe(pt('signIn.wrong'));
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await page.getByLabel(pt('signIn.email'), { exact: true }).inputValue()).toBe(ADMIN_EMAIL);
    expect(await page.getByLabel(pt('signIn.password'), { exact: true }).inputValue()).toBe('');
  });

  it('lands on the dashboard with the right password, or on the page first asked for', async () => {
    const page = await h.newPage({ locale: 'pt-BR' });
    await page.goto('/sign-in');
    await h.signIn(page);
    await expectDashboardIn(page, 'pt-BR');

    const other = await h.newPage({ locale: 'pt-BR' });
    await other.goto('/users');
    await h.signIn(other);
    expect(new URL(other.url()).pathname).toBe('/users');
    expect(await textOf(other, 'main h1')).toBe(pt('users.title'));
  });
});

describe('language menu', () => {
  it('switches pt-BR → en → es, and the choice is remembered after signing out and in again', async () => {
    const page = await h.newPage({ locale: 'pt-BR' });
    await page.goto('/sign-in');
    await h.signIn(page);
    await expectDashboardIn(page, 'pt-BR');

    await chooseLanguage(page, 'pt-BR', 'en');
    await expectDashboardIn(page, 'en');
    await chooseLanguage(page, 'en', 'es');
    await expectDashboardIn(page, 'es');

    // Sign out, then in again in the same browser.
    const es = translator('es');
    await Promise.all([page.waitForURL('**/sign-in'), page.getByRole('button', { name: es('nav.signOut') }).click()]);
    expect(await textOf(page, 'main h1')).toBe(es('signIn.title'));
    await h.signIn(page);
    await expectDashboardIn(page, 'es');

    // Another browser that asks for Portuguese still gets the user's choice once signed in.
    const elsewhere = await h.newPage({ locale: 'pt-BR' });
    await elsewhere.goto('/sign-in');
    expect(await textOf(elsewhere, 'main h1')).toBe(pt('signIn.title'));
    await h.signIn(elsewhere, ADMIN_EMAIL, ADMIN_PASSWORD);
    await expectDashboardIn(elsewhere, 'es');

    // Leave the administrator as the other tests expect.
    await chooseLanguage(elsewhere, 'es', 'pt-BR');
  });

  it('keeps the page the user was on when the language changes', async () => {
    const page = await h.newPage({ locale: 'pt-BR' });
    await page.goto('/groups');
    await h.signIn(page);
    await chooseLanguage(page, 'pt-BR', 'en');
    expect(new URL(page.url()).pathname).toBe('/groups');
    expect(await textOf(page, 'main h1')).toBe(translator('en')('groups.title'));
    await chooseLanguage(page, 'en', 'pt-BR');
  });
});

describe('signing out', () => {
  it('ends the session: the pages ask to sign in again', async () => {
    const page = await h.newPage({ locale: 'pt-BR' });
    await page.goto('/sign-in');
    await h.signIn(page);
    await Promise.all([page.waitForURL('**/sign-in'), page.getByRole('button', { name: pt('nav.signOut') }).click()]);
    await page.goto('/users');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await page.getByRole('button', { name: pt('nav.signOut') }).count()).toBe(0);
  });
});
