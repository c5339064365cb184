import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { GADGETS, saveLayout } from '../../functions/services/dashboard/gadgets.js';
import { createToken } from '../../functions/services/tokens/token-service.js';
import { GADGET_TITLES } from '../../functions/views/pages/dashboard-page.js';
import { textOf, useBrowserHarness } from './browser-harness.js';

const h = useBrowserHarness();
// The system gadgets, in their order; the modules' own gadgets are tested with their modules.
const ALL = GADGETS.filter((g) => g.permission[0] === 'system').map((g) => g.id);

beforeEach(async () => {
  // Every test starts from the default layout: all system gadgets in their usual order.
  await saveLayout(h.deps, h.org.adminId, [...ALL]);
});

const title = (id: (typeof ALL)[number]) => h.t(GADGET_TITLES[id]);

async function shownGadgets(page: Page): Promise<string[]> {
  return page.locator('[data-sortable-gadgets] [data-gadget-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-gadget-id')!));
}

/** Waits for the layout the page saves in the background after a drag. */
function layoutSaved(page: Page) {
  return page.waitForResponse((r) => r.url().endsWith('/dashboard/layout') && r.request().method() === 'POST');
}

describe('dashboard', () => {
  it('shows the system gadgets, each a titled region with its numbers', async () => {
    const page = await h.adminPage();
    expect(await shownGadgets(page)).toEqual(ALL);
    for (const id of ALL) {
      const gadget = page.getByRole('article', { name: title(id) });
      expect(await gadget.isVisible()).toBe(true);
      expect(((await gadget.locator('.gadget-body').textContent()) ?? '').trim()).not.toBe('');
    }
    const info = await textOf(page, '[data-gadget-id="system-info"] .gadget-body');
    expect(info).toContain(h.t('gadget.countsValue', { users: 1, sites: 1 }));
    expect(info).toContain(`Node.js ${process.version}`);
    expect(await textOf(page, '[data-gadget-id="server-state"] .gadget-body')).toContain(h.t('gadget.neverSeen'));
  });

  it('removes a gadget with its × button and adds it back from the Gadgets tab', async () => {
    const { t } = h;
    const page = await h.adminPage();
    await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.getByRole('button', { name: t('dashboard.remove', { name: title('memory') }) }).click()]);
    await page.locator('[data-gadget-id="memory"]').waitFor({ state: 'detached' });
    expect(await shownGadgets(page)).toEqual(ALL.filter((id) => id !== 'memory'));

    await Promise.all([page.waitForURL('**/dashboard/gadgets'), page.getByRole('navigation', { name: t('dashboard.tabs') }).getByRole('link', { name: t('dashboard.gadgets') }).click()]);
    const row = page.locator('.gadget-picker li', { hasText: title('memory') });
    await Promise.all([page.waitForURL('**/dashboard/gadgets'), row.getByRole('button', { name: t('dashboard.add') }).click()]);
    expect(await page.locator('.gadget-picker li', { hasText: title('memory') }).getByRole('button').textContent()).toBe(t('dashboard.removeShort'));

    await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.getByRole('navigation', { name: t('dashboard.tabs') }).getByRole('link', { name: t('dashboard.title') }).click()]);
    // Added back at the end.
    expect(await shownGadgets(page)).toEqual([...ALL.filter((id) => id !== 'memory'), 'memory']);
  });

  it('moves a gadget by drag and drop, and the order survives a reload', async () => {
    const page = await h.adminPage();
    const saved = layoutSaved(page);
    await page.dragAndDrop('[data-gadget-id="system-info"] .gadget-header h2', '[data-gadget-id="server-state"] .gadget-header h2', {
      targetPosition: { x: 5, y: 5 },
    });
    expect((await saved).status()).toBe(204);
    expect((await shownGadgets(page))[0]).toBe('system-info');
    await page.reload();
    expect(await shownGadgets(page)).toEqual(['system-info', 'server-state', 'app-resources', 'memory', 'disk']);
  });

  it('moves a gadget with its ↑ and ↓ buttons from the keyboard, and the order survives a reload', async () => {
    const { t } = h;
    const page = await h.adminPage();
    const order = (ids: string[]) => page.waitForFunction((want) => [...document.querySelectorAll('[data-gadget-id]')].map((e) => e.getAttribute('data-gadget-id')).join() === want, ids.join());
    await page.getByRole('button', { name: t('dashboard.moveUp', { name: title('disk') }) }).focus();
    await page.keyboard.press('Enter');
    await order(['server-state', 'app-resources', 'disk', 'memory', 'system-info']);
    expect(new URL(page.url()).hash).toBe('#g-disk');

    // The page comes back at the moved gadget: the next Tab reaches its ↑ again, to move it once more.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(t('dashboard.moveUp', { name: title('disk') }));
    await page.keyboard.press('Enter');
    await order(['server-state', 'disk', 'app-resources', 'memory', 'system-info']);

    await page.getByRole('button', { name: t('dashboard.moveDown', { name: title('server-state') }) }).focus();
    await page.keyboard.press('Space');
    await order(['disk', 'server-state', 'app-resources', 'memory', 'system-info']);

    await page.goto('/');
    expect(await shownGadgets(page)).toEqual(['disk', 'server-state', 'app-resources', 'memory', 'system-info']);
    // The first gadget cannot move up, the last cannot move down.
    expect(await page.getByRole('button', { name: t('dashboard.moveUp', { name: title('disk') }) }).count()).toBe(0);
    expect(await page.getByRole('button', { name: t('dashboard.moveDown', { name: title('system-info') }) }).count()).toBe(0);
  });

  it('refreshes the gadget numbers without reloading when a media node reports', { timeout: 45_000 }, async () => {
    const page = await h.adminPage();
    const resources = page.locator('[data-gadget-id="app-resources"] .gadget-body');
    const expected = h.t('gadget.nodeResources', { cpu: '42', calls: 3 });
    expect(await resources.textContent()).not.toContain(expected);
    // A marker that a reload would wipe.
    await page.evaluate(() => document.documentElement.setAttribute('data-e2e-marker', '1'));

    const { secret } = await createToken(h.deps.db, h.scope(), { name: 'Head office node', kind: 'node', siteId: h.org.siteId }, new Date());
    const res = await fetch(`${h.baseUrl}/api/v1/node/heartbeat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        version: '0.1.0', uptimeSeconds: 3_700, cpuPercent: 42, memoryUsedBytes: 512 * 2 ** 20, memoryTotalBytes: 2 ** 31,
        diskUsedBytes: 10 * 2 ** 30, diskTotalBytes: 100 * 2 ** 30, activeCalls: 3,
      }),
    });
    expect(res.status).toBe(204);

    // The page polls every 15 s, one gadget after the other; give it one round and some slack.
    const wanted = {
      'app-resources': expected,
      'server-state': `Head office ${h.t('gadget.online')}`,
      'system-info': h.t('gadget.nodeInfo', { version: '0.1.0', uptime: '1 h 1 min' }),
      memory: 'Head office',
    };
    await page.waitForFunction(
      (want) => Object.entries(want).every(([id, text]) => (document.querySelector<HTMLElement>(`[data-gadget-id="${id}"] .gadget-body`)?.innerText ?? '').replace(/\s+/g, ' ').includes(text)),
      wanted,
      { timeout: 20_000, polling: 250 },
    );
    expect(await textOf(page, '[data-gadget-id="server-state"] .gadget-body')).not.toContain(h.t('gadget.neverSeen'));
    expect(await page.getAttribute('html', 'data-e2e-marker')).toBe('1');
  });
});
