import type { BrowserContextOptions, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, useBrowserHarness } from './browser-harness.js';

const h = useBrowserHarness();
const PHONE: BrowserContextOptions = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

beforeAll(async () => {
  // Long names and addresses are what push a narrow layout sideways.
  await h.addUser({ fullName: 'Maria Aparecida dos Santos Oliveira Cavalcanti', email: 'maria.aparecida.dos.santos.oliveira@empresa-de-exemplo.com.br' });
  await h.addUser({ fullName: 'Bob', email: 'bob@example.test' });
});

async function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

/** Presses Tab until the focused element matches `selector`; returns whether it got there. */
async function tabTo(page: Page, selector: string, limit = 40): Promise<boolean> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return true;
  }
  return false;
}

/**
 * Whether the focused element shows a focus ring, and whether that ring lies wholly inside the
 * window and inside every box that clips it (a menu scrolling sideways, say): whether a sighted
 * keyboard user sees where the focus is.
 */
async function focusRing(page: Page): Promise<{ visible: boolean; inViewport: boolean }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const out = Math.max(0, parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth));
    const ring = { left: box.left - out, right: box.right + out, top: box.top - out, bottom: box.bottom + out };
    const clip = { left: 0, right: window.innerWidth, top: 0, bottom: window.innerHeight };
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
      const r = p.getBoundingClientRect();
      clip.left = Math.max(clip.left, r.left + p.clientLeft);
      clip.right = Math.min(clip.right, r.left + p.clientLeft + p.clientWidth);
      clip.top = Math.max(clip.top, r.top + p.clientTop);
      clip.bottom = Math.min(clip.bottom, r.top + p.clientTop + p.clientHeight);
    }
    return {
      visible: el.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
      inViewport: box.width > 0 && ring.left >= clip.left - 0.5 && ring.right <= clip.right + 0.5 && ring.top >= clip.top - 0.5 && ring.bottom <= clip.bottom + 0.5,
    };
  });
}

describe('on a 360 px phone', () => {
  it('has no sideways page scroll on the dashboard, the users list and the user form', async () => {
    const page = await h.adminPage(PHONE);
    for (const path of ['/', '/users', '/users/new', '/groups', '/profiles/new', '/sites/new', '/tokens', '/audit', '/account', '/webhooks/new', '/mail', '/settings/mail', '/jobs']) {
      await page.goto(path);
      expect(await pageWidth(page), path).toBeLessThanOrEqual(360);
    }
    // The form with its errors shown is wider than the empty one.
    await page.goto('/users/new');
    await page.getByRole('button', { name: h.t('common.save') }).tap();
    await page.locator('.error-summary').waitFor();
    expect(await pageWidth(page), '/users/new with errors').toBeLessThanOrEqual(360);
  });

  it('reaches every part of the navigation by touch', async () => {
    const { t } = h;
    const page = await h.adminPage(PHONE);
    const nav = page.getByRole('navigation', { name: t('nav.main') });
    const labels = ['nav.dashboard', 'nav.voicemail', 'conference.nav', 'vrec.nav', 'nav.users', 'nav.groups', 'nav.profiles', 'nav.sites', 'nav.tokens', 'nav.webhooks', 'nav.mail', 'nav.jobs', 'nav.audit'] as const;
    expect(await nav.getByRole('link').allTextContents()).toEqual(labels.map((k) => t(k)));
    // The last items sit past the right edge of the scrolling menu: they must still be tappable.
    await Promise.all([page.waitForURL('**/jobs'), nav.getByRole('link', { name: t('nav.jobs') }).tap()]);
    expect(await page.locator('main h1').innerText()).toBe(t('jobs.title'));
    await Promise.all([page.waitForURL('**/audit'), page.getByRole('navigation', { name: t('nav.main') }).getByRole('link', { name: t('nav.audit') }).tap()]);
    expect(await page.locator('main h1').innerText()).toBe(t('audit.title'));
    await Promise.all([page.waitForURL('**/users'), page.getByRole('navigation', { name: t('nav.main') }).getByRole('link', { name: t('nav.users') }).tap()]);
    for (const name of [t('nav.signOut'), t('common.new'), t('table.exportCsv')]) {
      const box = await page.getByRole(name === t('table.exportCsv') || name === t('common.new') ? 'link' : 'button', { name, exact: true }).boundingBox();
      expect(box, name).not.toBeNull();
      expect(box!.x + box!.width, name).toBeLessThanOrEqual(360);
      // A finger needs about 32 px or more.
      expect(box!.height, name).toBeGreaterThanOrEqual(32);
    }
  });

  it('shows the users table as cards, each value labelled with its column', async () => {
    const { t } = h;
    const page = await h.adminPage(PHONE);
    await page.goto('/users');
    const table = page.locator('.data-table table');
    // The header row is out of sight (still read by screen readers); each row is a block.
    const head = await table.locator('thead').boundingBox();
    expect(head!.height).toBeLessThanOrEqual(1);
    const row = table.locator('tbody tr', { hasText: 'bob@example.test' });
    expect(await row.evaluate((tr) => getComputedStyle(tr).display)).toBe('block');
    const labels = await row.locator('td[data-label]').evaluateAll((tds) => tds.map((td) => [td.getAttribute('data-label'), getComputedStyle(td, '::before').content]));
    expect(labels.map(([label]) => label)).toEqual(['users.fullName', 'users.email', 'users.extensions', 'users.profile', 'users.groups', 'users.source', 'common.createdAt'].map((k) => t(k as 'users.email')));
    for (const [label, content] of labels) expect(content).toBe(`"${label}"`);
    // Long values wrap inside their card instead of being cut off or scrolled.
    const long = table.locator('tbody tr', { hasText: 'maria.aparecida' });
    const overflow = await long.locator('td').evaluateAll((tds) => tds.filter((td) => td.scrollWidth > td.clientWidth + 1).map((td) => td.getAttribute('data-label')));
    expect(overflow).toEqual([]);
    const wrap = await page.locator('.data-table .table-wrap').evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
    expect(wrap).toBe(true);
  });
});

describe('with the keyboard only', () => {
  it('signs in: Tab to the fields, type, Enter', async () => {
    const { t } = h;
    const page = await h.newPage(PHONE);
    await page.goto('/');
    // The e-mail field has the focus on arrival, or is reached with Tab.
    const onEmail = () => page.evaluate(() => document.activeElement?.getAttribute('name') === 'email');
    if (!(await onEmail())) expect(await tabTo(page, 'input[name="email"]')).toBe(true);
    await page.keyboard.type(ADMIN_EMAIL);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('password');
    expect((await focusRing(page)).visible).toBe(true);
    await page.keyboard.type(ADMIN_PASSWORD);
    await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.keyboard.press('Enter')]);
    expect(await page.locator('main h1').innerText()).toBe(t('dashboard.title'));
  });

  it('reaches the skip link, the navigation and the search box with Tab, with a visible focus', async () => {
    const { t } = h;
    const page = await h.adminPage(PHONE);
    await page.goto('/');
    // The first Tab shows the skip link, on screen.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(t('nav.skip'));
    expect(await focusRing(page)).toEqual({ visible: true, inViewport: true });

    // Every menu item, also those past the right edge of the scrolling menu, comes wholly into view.
    for (const href of ['/users', '/groups', '/profiles', '/sites', '/tokens', '/audit']) {
      expect(await tabTo(page, `nav a[href="${href}"]`), href).toBe(true);
      expect(await focusRing(page), href).toEqual({ visible: true, inViewport: true });
    }
    // …and back with Shift+Tab.
    await page.keyboard.press('Shift+Tab');
    expect(await focusRing(page)).toEqual({ visible: true, inViewport: true });

    await page.goto('/users');
    expect(await tabTo(page, 'input[type="search"]')).toBe(true);
    expect((await focusRing(page)).visible).toBe(true);
    await page.keyboard.type('bob');
    await Promise.all([page.waitForURL((u) => u.searchParams.get('q') === 'bob'), page.keyboard.press('Enter')]);
    expect(await page.locator('.data-table tbody tr').count()).toBe(1);
  });

  it('skips to the content: after the skip link, the next Tab is inside the page body', async () => {
    const page = await h.adminPage(PHONE);
    await page.goto('/users');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('main')))).toBe(true);
  });

  it('leads from each listed problem to its field, on every form', async () => {
    const { t } = h;
    const page = await h.adminPage(PHONE);
    const main = page.locator('main');
    const forms: { path: string; fill: () => Promise<void> }[] = [
      { path: '/users/new', fill: async () => {} },
      { path: '/groups/new', fill: async () => {} },
      { path: '/profiles/new', fill: async () => {} },
      { path: '/tokens/new', fill: async () => void (await main.getByLabel(t('tokens.kind'), { exact: true }).selectOption('node')) },
      {
        path: '/account',
        fill: async () => {
          await main.getByLabel(t('users.fullName'), { exact: true }).fill('');
          await main.getByLabel(t('account.newPassword'), { exact: true }).fill('short');
        },
      },
      {
        path: '/sites/new',
        fill: async () => {
          await main.getByLabel(t('sites.timeZone'), { exact: true }).fill('Mars/Olympus');
          await main.getByLabel(t('sites.conferenceCode'), { exact: true }).fill('1001');
          await main.getByLabel(t('sites.connector'), { exact: true }).selectOption('http');
          await main.getByLabel(t('sites.pbxUrl'), { exact: true }).fill('ftp://pbx');
          await main.getByLabel(t('sites.pbxAuthHeader'), { exact: true }).fill('no colon');
          await main.getByLabel(t('sites.mapList'), { exact: true }).fill('a..b');
        },
      },
    ];
    for (const form of forms) {
      await page.goto(form.path);
      await form.fill();
      await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === form.path && r.request().method() === 'POST'),
        main.locator('form.form button[type="submit"]').click(),
      ]);
      const links = await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
      expect(links.length, form.path).toBeGreaterThan(0);
      for (const href of links) {
        const target = await page.evaluate((id) => {
          const el = document.getElementById(id);
          return el ? { tag: el.tagName, label: (el as HTMLInputElement).labels?.[0]?.textContent ?? el.querySelector('legend')?.textContent ?? null } : null;
        }, decodeURIComponent(href.slice(1)));
        expect(target, `${form.path} ${href}`).not.toBeNull();
        expect(target!.label, `${form.path} ${href}`).toBeTruthy();
      }
    }
  });

  it('moves the focus to the list of problems when a form comes back with errors', async () => {
    const page = await h.adminPage(PHONE);
    await page.goto('/groups/new');
    expect(await tabTo(page, 'main input[name="name"]')).toBe(true);
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/groups/new') && r.request().method() === 'POST'), page.keyboard.press('Enter')]);
    await page.locator('.error-summary').waitFor();
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    // From there Tab goes to the link of the first problem, which leads to its field.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('name');
  });
});
