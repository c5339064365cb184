import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { textOf, useBrowserHarness } from './browser-harness.js';

const h = useBrowserHarness();

/** Names in the group's member table, in the order shown. */
async function memberNames(page: Page): Promise<string[]> {
  return (await page.locator(`section[aria-labelledby="members-title"] form tbody td[data-label="${h.t('users.fullName')}"]`).allTextContents()).map((s) => s.trim());
}

describe('permission profiles', () => {
  it('creates a profile from a few boxes of the matrix, which are checked again when it is opened', async () => {
    const { t } = h;
    const page = await h.adminPage();
    await page.getByRole('navigation', { name: t('nav.main') }).getByRole('link', { name: t('nav.profiles') }).click();
    await page.waitForURL('**/profiles');
    await Promise.all([page.waitForURL('**/profiles/new'), page.getByRole('link', { name: t('common.new'), exact: true }).click()]);
    expect(await textOf(page, 'main h1')).toBe(t('profiles.new'));

    const main = page.locator('main');
    await main.getByLabel(t('profiles.name'), { exact: true }).fill('Operators');
    await main.getByLabel(t('profiles.description'), { exact: true }).fill('Front desk staff');
    const wanted = [
      `${t('module.system')}: ${t('action.view')}`,
      `${t('module.system')}: ${t('action.export')}`,
      `${t('module.vmailer')}: ${t('action.listen')}`,
    ];
    for (const box of wanted) await main.getByRole('checkbox', { name: box, exact: true }).check();
    await Promise.all([page.waitForURL('**/profiles'), page.getByRole('button', { name: t('common.save') }).click()]);
    expect(await textOf(page, '.flash')).toBe(t('flash.saved'));

    await Promise.all([page.waitForURL(/\/profiles\/[^/]+$/), page.locator('.data-table').getByRole('link', { name: 'Operators', exact: true }).click()]);
    expect(await textOf(page, 'main h1')).toBe(t('profiles.edit'));
    expect(await main.getByLabel(t('profiles.description'), { exact: true }).inputValue()).toBe('Front desk staff');
    const checked = await page.locator('#f-permissions input[type="checkbox"]:checked').evaluateAll((boxes) => boxes.map((b) => b.getAttribute('aria-label')));
    expect(checked).toEqual(wanted);
  });

  it('refuses a profile without a name and keeps the ticked boxes', async () => {
    const { t } = h;
    const page = await h.adminPage();
    await page.goto('/profiles/new');
    const box = page.getByRole('checkbox', { name: `${t('module.vrec')}: ${t('action.listen')}`, exact: true });
    await box.check();
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/profiles/new') && r.request().method() === 'POST'), page.getByRole('button', { name: t('common.save') }).click()]);
    expect(await page.locator('#e-name').textContent()).toBeTruthy();
    expect(await page.getByRole('checkbox', { name: `${t('module.vrec')}: ${t('action.listen')}`, exact: true }).isChecked()).toBe(true);
  });
});

describe('groups', () => {
  it('creates a group, adds two users found by search, and keeps the supervisor and the order', async () => {
    const { t } = h;
    await h.addUser({ fullName: 'Ana Member', email: 'ana.member@example.test' });
    await h.addUser({ fullName: 'Bruno Member', email: 'bruno.member@example.test' });
    await h.addUser({ fullName: 'Carla Outsider', email: 'carla.outsider@example.test' });
    const page = await h.adminPage();
    await page.goto('/groups');
    await Promise.all([page.waitForURL('**/groups/new'), page.getByRole('link', { name: t('common.new'), exact: true }).click()]);
    const main = page.locator('main');
    await main.getByLabel(t('groups.name'), { exact: true }).fill('Support');
    await main.getByLabel(t('groups.description'), { exact: true }).fill('First line');
    await Promise.all([page.waitForURL(/\/groups\/(?!new)[^/]+$/), page.getByRole('button', { name: t('common.save') }).click()]);
    const groupPath = new URL(page.url()).pathname;
    expect(await textOf(page, '.flash')).toBe(t('flash.saved'));
    expect(await textOf(page, 'section[aria-labelledby="members-title"] form td.empty')).toBe(t('groups.noMembers'));

    // The "Add members" page: search, select both, add in one go.
    await Promise.all([page.waitForURL(`**${groupPath}/add`), page.getByRole('link', { name: t('groups.addMembers'), exact: true }).click()]);
    expect(await textOf(page, 'main h1')).toBe(t('groups.addMembersTo', { name: 'Support' }));
    const search = page.getByRole('searchbox', { name: t('table.search') });
    await search.fill('member');
    await Promise.all([page.waitForURL((u) => u.searchParams.get('q') === 'member'), search.press('Enter')]);
    expect(await page.locator('.data-table tbody tr').count()).toBe(2);
    await page.getByRole('checkbox', { name: `${t('table.selectRow')}: Ana Member` }).check();
    await page.getByRole('checkbox', { name: `${t('table.selectRow')}: Bruno Member` }).check();
    await Promise.all([page.waitForURL(`**${groupPath}`), page.getByRole('button', { name: t('groups.addSelected') }).click()]);
    expect(await textOf(page, '.flash')).toBe(t('flash.added', { count: 2 }));
    expect(await memberNames(page)).toEqual(['Ana Member', 'Bruno Member']);

    // Bruno supervises and comes first.
    await page.getByRole('checkbox', { name: `${t('groups.supervisor')}: Bruno Member` }).check();
    await page.getByRole('spinbutton', { name: `${t('groups.order')}: Ana Member` }).fill('2');
    await page.getByRole('spinbutton', { name: `${t('groups.order')}: Bruno Member` }).fill('1');
    await Promise.all([page.waitForURL(`**${groupPath}`), page.getByRole('button', { name: t('groups.saveMembers') }).click()]);
    expect(await textOf(page, '.flash')).toBe(t('flash.saved'));

    await page.reload();
    expect(await memberNames(page)).toEqual(['Bruno Member', 'Ana Member']);
    expect(await page.getByRole('checkbox', { name: `${t('groups.supervisor')}: Bruno Member` }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: `${t('groups.supervisor')}: Ana Member` }).isChecked()).toBe(false);
    expect(await page.getByRole('spinbutton', { name: `${t('groups.order')}: Bruno Member` }).inputValue()).toBe('1');
    expect(await page.getByRole('spinbutton', { name: `${t('groups.order')}: Ana Member` }).inputValue()).toBe('2');

    // The users list shows the new membership.
    await page.goto('/users?q=member');
    expect(await page.locator(`.data-table tbody td[data-label="${t('users.groups')}"]`).allTextContents()).toEqual(['Support', 'Support']);
  });

  it('removes a selected member after confirming, and keeps the group', async () => {
    const { t } = h;
    await h.addUser({ fullName: 'Dora Leaving', email: 'dora.leaving@example.test' });
    await h.addUser({ fullName: 'Eli Staying', email: 'eli.staying@example.test' });
    const page = await h.adminPage();
    await page.goto('/groups/new');
    await page.locator('main').getByLabel(t('groups.name'), { exact: true }).fill('Night shift');
    await Promise.all([page.waitForURL(/\/groups\/(?!new)[^/]+$/), page.getByRole('button', { name: t('common.save') }).click()]);
    const groupPath = new URL(page.url()).pathname;
    await page.goto(`${groupPath}/add?q=ing`);
    await page.getByRole('checkbox', { name: t('table.selectAll') }).check();
    await Promise.all([page.waitForURL(`**${groupPath}`), page.getByRole('button', { name: t('groups.addSelected') }).click()]);
    expect(await memberNames(page)).toEqual(['Dora Leaving', 'Eli Staying']);

    page.on('dialog', (dialog) => void dialog.accept());
    await page.getByRole('checkbox', { name: `${t('table.selectRow')}: Dora Leaving` }).check();
    await Promise.all([page.waitForURL(`**${groupPath}`), page.getByRole('button', { name: t('groups.removeSelected') }).click()]);
    expect(await textOf(page, '.flash')).toBe(t('flash.removed', { count: 1 }));
    expect(await memberNames(page)).toEqual(['Eli Staying']);
  });
});
