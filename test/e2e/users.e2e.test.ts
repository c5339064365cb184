import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { textOf, useBrowserHarness } from './browser-harness.js';

const h = useBrowserHarness();

/** The texts of one column of the data table, top to bottom. */
async function column(page: Page, label: string): Promise<string[]> {
  const cells = await page.locator(`.data-table tbody td[data-label="${label}"]`).allTextContents();
  return cells.map((c) => c.replace(/\s+/g, ' ').trim());
}

async function names(page: Page): Promise<string[]> {
  return page.locator(`.data-table tbody td[data-label="${h.t('users.fullName')}"] a`).allTextContents();
}

describe('users: the form', () => {
  it('creates a user; a mismatched e-mail confirmation shows the field error and keeps what was typed', async () => {
    const { t } = h;
    const page = await h.adminPage();
    await page.getByRole('navigation', { name: t('nav.main') }).getByRole('link', { name: t('nav.users') }).click();
    await page.waitForURL('**/users');
    await Promise.all([page.waitForURL('**/users/new'), page.getByRole('link', { name: t('common.new'), exact: true }).click()]);
    expect(await textOf(page, 'main h1')).toBe(t('users.new'));

    const field = (label: string) => page.locator('main').getByLabel(label, { exact: true });
    await field(t('users.fullName')).fill('Renata Form');
    await field(t('users.email')).fill('renata.form@example.test');
    await field(t('users.emailConfirmation')).fill('renata.from@example.test');
    await field(t('users.password')).fill('renata-pass-1');
    await field(t('users.passwordConfirmation')).fill('renata-pass-1');
    await field(t('users.alternateEmail')).fill('renata@home.test');
    await field(t('users.language')).selectOption('es');
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/users/new') && r.request().method() === 'POST'), page.getByRole('button', { name: t('common.save') }).click()]);

    // The error is next to the field, tied to it for screen readers, and listed in the summary.
    const confirmation = field(t('users.emailConfirmation'));
    expect(await page.locator('#e-emailConfirmation').textContent()).toBe(t('err.emailMismatch'));
    expect(await confirmation.getAttribute('aria-invalid')).toBe('true');
    expect(await confirmation.getAttribute('aria-describedby')).toContain('e-emailConfirmation');
    const summary = page.locator('.error-summary[role="alert"]');
    expect(await summary.getByRole('link').allTextContents()).toEqual([`${t('users.emailConfirmation')}: ${t('err.emailMismatch')}`]);
    // What was typed is still there (passwords excepted: they are never sent back to the browser).
    expect(await field(t('users.fullName')).inputValue()).toBe('Renata Form');
    expect(await field(t('users.email')).inputValue()).toBe('renata.form@example.test');
    expect(await confirmation.inputValue()).toBe('renata.from@example.test');
    expect(await field(t('users.alternateEmail')).inputValue()).toBe('renata@home.test');
    expect(await field(t('users.language')).inputValue()).toBe('es');

    // The summary's link takes the keyboard to the field.
    await summary.getByRole('link').click();
    expect(await confirmation.evaluate((el) => el === document.activeElement)).toBe(true);

    await confirmation.fill('renata.form@example.test');
    await field(t('users.password')).fill('renata-pass-1');
    await field(t('users.passwordConfirmation')).fill('renata-pass-1');
    await Promise.all([page.waitForURL('**/users'), page.getByRole('button', { name: t('common.save') }).click()]);
    expect(await textOf(page, '.flash')).toBe(t('flash.saved'));
    expect(await names(page)).toContain('Renata Form');
  });

  it('shows the password mismatch beside the confirmation field', async () => {
    const { t } = h;
    const page = await h.adminPage();
    await page.goto('/users/new');
    const field = (label: string) => page.locator('main').getByLabel(label, { exact: true });
    await field(t('users.fullName')).fill('Paulo Mismatch');
    await field(t('users.email')).fill('paulo@example.test');
    await field(t('users.emailConfirmation')).fill('paulo@example.test');
    await field(t('users.password')).fill('paulo-pass-1');
    await field(t('users.passwordConfirmation')).fill('paulo-pass-2');
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/users/new') && r.request().method() === 'POST'), page.getByRole('button', { name: t('common.save') }).click()]);
    expect(await page.locator('#e-passwordConfirmation').textContent()).toBe(t('err.passwordMismatch'));
    expect(await field(t('users.fullName')).inputValue()).toBe('Paulo Mismatch');
    expect(await field(t('users.emailConfirmation')).inputValue()).toBe('paulo@example.test');
    await page.goto('/users?q=paulo');
    expect(await names(page)).toEqual([]);
  });

  it('offers the DEFAULT permission profile to a new user, not the administrators one', async () => {
    const page = await h.adminPage();
    await page.goto('/users/new');
    const profile = page.getByLabel(h.t('users.profile'), { exact: true });
    expect(await profile.locator('option:checked').textContent()).toBe('DEFAULT');
  });
});

describe('users: the list', () => {
  it('finds users with the search box and the Enter key', async () => {
    const { t } = h;
    await h.addUser({ fullName: 'Zoe Findme', email: 'zoe.findme@example.test' });
    await h.addUser({ fullName: 'Yuri Findme', email: 'yuri.findme@example.test' });
    await h.addUser({ fullName: 'Xavier Hidden', email: 'xavier.hidden@example.test' });
    const page = await h.adminPage();
    await page.goto('/users');
    expect(await names(page)).toContain('Xavier Hidden');

    const search = page.getByRole('searchbox', { name: t('table.search') });
    await search.fill('findme');
    await Promise.all([page.waitForURL((u) => u.searchParams.get('q') === 'findme'), search.press('Enter')]);
    expect(await names(page)).toEqual(['Yuri Findme', 'Zoe Findme']);
    expect(await page.getByRole('searchbox', { name: t('table.search') }).inputValue()).toBe('findme');
    expect(await textOf(page, '.pager-total')).toBe(t('table.total', { total: 2 }));

    await page.getByRole('searchbox', { name: t('table.search') }).fill('nobody-has-this');
    await Promise.all([page.waitForURL((u) => u.searchParams.get('q') === 'nobody-has-this'), page.getByRole('searchbox', { name: t('table.search') }).press('Enter')]);
    expect(await textOf(page, '.data-table td.empty')).toBe(t('table.noMatches'));
  });

  it('sorts by a column, ascending then descending, keeping the search', async () => {
    const { t } = h;
    // E-mail order differs from name order, so the sort is visibly by e-mail.
    await h.addUser({ fullName: 'Aaron Sortcase', email: 'zz.sortcase@example.test' });
    await h.addUser({ fullName: 'Zelda Sortcase', email: 'aa.sortcase@example.test' });
    await h.addUser({ fullName: 'Mario Sortcase', email: 'mm.sortcase@example.test' });
    const page = await h.adminPage();
    await page.goto('/users?q=sortcase');
    expect(await names(page)).toEqual(['Aaron Sortcase', 'Mario Sortcase', 'Zelda Sortcase']);

    const header = page.getByRole('columnheader', { name: t('users.email') });
    await Promise.all([page.waitForURL((u) => u.searchParams.get('sort') === 'email'), header.getByRole('link').click()]);
    expect(await column(page, t('users.email'))).toEqual(['aa.sortcase@example.test', 'mm.sortcase@example.test', 'zz.sortcase@example.test']);
    expect(await page.getByRole('columnheader', { name: t('users.email') }).getAttribute('aria-sort')).toBe('ascending');
    expect(new URL(page.url()).searchParams.get('q')).toBe('sortcase');

    await Promise.all([page.waitForURL((u) => u.searchParams.get('sort') === '-email'), page.getByRole('columnheader', { name: t('users.email') }).getByRole('link').click()]);
    expect(await column(page, t('users.email'))).toEqual(['zz.sortcase@example.test', 'mm.sortcase@example.test', 'aa.sortcase@example.test']);
    expect(await page.getByRole('columnheader', { name: t('users.email') }).getAttribute('aria-sort')).toBe('descending');
  });

  it('deletes the selected user after the confirmation is accepted', async () => {
    const { t } = h;
    await h.addUser({ fullName: 'Victor Deleteme', email: 'victor.deleteme@example.test' });
    await h.addUser({ fullName: 'Walter Keepme', email: 'walter.keepme@example.test' });
    const page = await h.adminPage();
    await page.goto('/users');
    const questions: string[] = [];
    page.on('dialog', async (dialog) => {
      questions.push(dialog.message());
      await dialog.accept();
    });
    await page.getByRole('checkbox', { name: `${t('table.selectRow')}: Victor Deleteme` }).check();
    await Promise.all([page.waitForURL('**/users'), page.getByRole('button', { name: t('common.deleteSelected') }).click()]);
    await page.locator('.flash').waitFor();
    expect(questions).toEqual([t('users.confirmDelete')]);
    expect(await textOf(page, '.flash')).toBe(t('flash.deleted', { count: 1 }));
    const left = await names(page);
    expect(left).not.toContain('Victor Deleteme');
    expect(left).toContain('Walter Keepme');
  });

  it('keeps the user when the confirmation is dismissed, and asks for a selection first', async () => {
    const { t } = h;
    await h.addUser({ fullName: 'Ursula Staying', email: 'ursula.staying@example.test' });
    const page = await h.adminPage();
    await page.goto('/users');
    const questions: string[] = [];
    page.on('dialog', async (dialog) => {
      questions.push(dialog.message());
      await dialog.dismiss();
    });
    const remove = page.getByRole('button', { name: t('common.deleteSelected') });
    await remove.click();
    expect(await page.getByRole('alert').textContent()).toBe(t('flash.selectSome'));
    expect(questions).toEqual([]);

    await page.getByRole('checkbox', { name: `${t('table.selectRow')}: Ursula Staying` }).check();
    await remove.click();
    expect(questions).toEqual([t('users.confirmDelete')]);
    expect(new URL(page.url()).pathname).toBe('/users');
    await page.reload();
    expect(await names(page)).toContain('Ursula Staying');
  });

  it('does not offer the administrator for deletion', async () => {
    const page = await h.adminPage();
    await page.goto('/users');
    const adminRow = page.locator('.data-table tbody tr', { hasText: 'admin@example.test' });
    expect(await adminRow.getByRole('checkbox').count()).toBe(0);
  });
});
