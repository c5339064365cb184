import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGroup } from '../../functions/services/groups/group-write.js';
import { useBrowserHarness } from './browser-harness.js';

const h = useBrowserHarness();
let groupId = '';
let userId = '';

beforeAll(async () => {
  userId = await h.addUser({ fullName: 'Tour Guide', email: 'tour.guide@example.test' });
  groupId = await createGroup(h.deps.db, h.scope(), { name: 'Tourists', description: '' }, new Date());
});

/** Everything that went wrong while a page loaded and ran, besides what the harness already watches. */
function watchNetwork(page: Page): string[] {
  const failures: string[] = [];
  page.on('requestfailed', (request) => {
    // A download leaves the page through a navigation the browser aborts on purpose.
    if (request.failure()?.errorText === 'net::ERR_ABORTED' && /[?&]format=(csv|pdf)/.test(request.url())) return;
    failures.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && response.request().resourceType() !== 'document') failures.push(`${response.status()} ${response.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      // The only expected one: a form that comes back with errors answers 400 and Chromium says so.
      if (/Failed to load resource: the server responded with a status of 400/.test(message.text())) return;
      failures.push(`console ${message.type()} on ${page.url()}: ${message.text()}`);
    }
  });
  return failures;
}

describe('content security policy and script errors', () => {
  it('loads every page of the system module with no CSP violation, script error or failed request', async () => {
    const page = await h.adminPage();
    const failures = watchNetwork(page);
    const tour = [
      '/', '/dashboard/gadgets', '/users', '/users/new', `/users/${userId}`, `/users/${h.org.adminId}`, '/groups', '/groups/new', `/groups/${groupId}`, `/groups/${groupId}/add`,
      '/profiles', '/profiles/new', '/sites', '/sites/new', `/sites/${h.org.siteId}`, '/tokens', '/tokens/new', '/audit', '/account',
    ];
    for (const path of tour) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      // app.js ran (the strict policy did not block it) and the stylesheet applied.
      expect(await page.evaluate(() => document.documentElement.classList.contains('js')), path).toBe(true);
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('.top-bar')!).display), path).toBe('flex');
    }
    const csp = (await page.goto('/'))?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(failures).toEqual([]);
    expect(h.problems(page)).toEqual({ errors: [], cspViolations: [] });
  });

  it('runs the page scripts without errors: select all, conditional fields, error focus, token copy', async () => {
    const { t } = h;
    const page = await h.adminPage();
    const failures = watchNetwork(page);

    await page.goto('/users');
    await page.getByRole('checkbox', { name: t('table.selectAll') }).check();
    expect(await page.getByRole('checkbox', { name: `${t('table.selectRow')}: Tour Guide` }).isChecked()).toBe(true);

    await page.goto('/sites/new');
    const url = page.locator('main').getByLabel(t('sites.pbxUrl'), { exact: true });
    expect(await url.isVisible()).toBe(false);
    await page.locator('main').getByLabel(t('sites.connector'), { exact: true }).selectOption('http');
    expect(await url.isVisible()).toBe(true);

    await page.goto('/account');
    await page.locator('main').getByLabel(t('users.fullName'), { exact: true }).fill('');
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/account') && r.request().method() === 'POST'), page.getByRole('button', { name: t('common.save') }).click()]);
    await page.locator('.error-summary').waitFor();

    await page.goto('/tokens/new');
    await page.locator('main').getByLabel(t('tokens.name'), { exact: true }).fill('CRM');
    await Promise.all([page.waitForURL('**/tokens/new'), page.getByRole('button', { name: t('tokens.create') }).click()]);
    const secret = await page.locator('#token-secret').inputValue();
    expect(secret).toMatch(/^rml_/);
    await page.getByRole('button', { name: t('tokens.copy') }).click();

    expect(failures).toEqual([]);
    expect(h.problems(page)).toEqual({ errors: [], cspViolations: [] });
  });

  it('notices a CSP violation when one happens (the watch itself works)', async () => {
    const page = await h.adminPage();
    // An inline script is exactly what the policy forbids.
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.append(s);
    });
    await expect.poll(() => h.problems(page).cspViolations.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => 'inlineRan' in window || '__inlineRan' in window)).toBe(false);
    // Clear it so the harness does not fail this test for the violation it caused on purpose.
    h.problems(page).cspViolations.length = 0;
  });
});
