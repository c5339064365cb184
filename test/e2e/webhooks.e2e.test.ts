import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '../../schema/index.js';
import { newId } from '../../functions/services/auth/random.js';
import { textOf, useBrowserHarness } from './browser-harness.js';

const h = useBrowserHarness();

describe('webhooks: endpoints in the browser', () => {
  it('creates an endpoint, shows its secret once, sends a test event and shows it waiting, then in the log', async () => {
    const { t } = h;
    const page = await h.adminPage();
    await page.getByRole('navigation', { name: t('nav.main') }).getByRole('link', { name: t('nav.webhooks') }).click();
    await page.waitForURL('**/webhooks');
    await Promise.all([page.waitForURL('**/webhooks/new'), page.getByRole('link', { name: t('common.new'), exact: true }).click()]);

    const main = page.locator('main');
    // A private address is refused next to the field, in the page's language.
    await main.getByLabel(t('webhooks.url'), { exact: true }).fill('http://127.0.0.1:9000/in');
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/webhooks/new') && r.request().method() === 'POST'), main.getByRole('button', { name: t('webhooks.create') }).click()]);
    expect(await page.locator('#e-url').textContent()).toBe(t('webhooks.err.url.privateAddress'));

    await main.getByLabel(t('webhooks.url'), { exact: true }).fill('https://crm.example.com/ramal');
    await main.getByLabel(t('webhooks.description'), { exact: true }).fill('Our CRM');
    await main.getByLabel(t('webhooks.someEvents')).check();
    await main.getByLabel('user.created', { exact: true }).check();
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/webhooks/new') && r.status() === 201), main.getByRole('button', { name: t('webhooks.create') }).click()]);
    const secret = await page.locator('#webhook-secret').inputValue();
    expect(secret).toMatch(/^whsec_/);
    const [row] = await h.deps.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.url, 'https://crm.example.com/ramal'));
    expect(row).toMatchObject({ secret, eventTypes: ['user.created'], siteIds: [], description: 'Our CRM' });

    await Promise.all([page.waitForURL(`**/webhooks/${row!.id}`), page.getByRole('link', { name: t('webhooks.open') }).click()]);
    expect(await page.content()).not.toContain(secret);
    expect(await textOf(page, '[data-pending]')).toBe('0');

    await Promise.all([page.waitForURL(`**/webhooks/${row!.id}`), main.getByRole('button', { name: t('webhooks.sendTest') }).click()]);
    expect(await textOf(page, '.flash')).toBe(t('webhooks.testSent'));
    expect(await textOf(page, '[data-pending]')).toBe('1');

    // The delivery engine's attempt, as it would record it, shows up in the log on the next visit.
    const [delivery] = await h.deps.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, row!.id));
    await h.deps.db.insert(webhookAttempts).values({
      id: newId(), orgId: h.org.orgId, endpointId: row!.id, deliveryId: delivery!.id, eventId: delivery!.eventId, eventType: 'ping', attempt: 1, outcome: 'succeeded',
      statusCode: 204, latencyMs: 12, responseExcerpt: 'ok from crm', attemptedAt: new Date(),
    });
    await page.reload();
    const log = page.getByRole('region', { name: t('webhooks.logTitle') });
    expect(await log.locator(`td[data-label="${t('webhooks.response')}"]`).allTextContents()).toEqual(['ok from crm']);
    // Replay is a real button in the row, reachable by keyboard.
    await Promise.all([page.waitForURL(`**/webhooks/${row!.id}`), log.getByRole('button', { name: t('webhooks.replay'), exact: true }).press('Enter')]);
    expect(await textOf(page, '.flash')).toBe(t('webhooks.replayed', { count: 1 }));
  });

  it('fits a 360 px phone without sideways scrolling: list, form with errors, endpoint page', async () => {
    const id = newId();
    const now = new Date();
    const url = 'https://a-rather-long-host-name.crm.example.com/hooks/ramal/endpoint?token=abcdefghijklmnopqrstuvwxyz';
    await h.deps.db.insert(webhookEndpoints).values({ id, orgId: h.org.orgId, url, eventTypes: [], siteIds: [], secret: 'whsec_x', createdAt: now, updatedAt: now });
    const page = await h.adminPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const width = () => page.evaluate(() => document.documentElement.scrollWidth);
    for (const path of ['/webhooks', '/webhooks/new', `/webhooks/${id}`]) {
      await page.goto(path);
      expect(await width(), path).toBeLessThanOrEqual(360);
    }
    await page.goto('/webhooks/new');
    await page.locator('main').getByLabel(h.t('webhooks.url'), { exact: true }).fill('http://localhost/in');
    await page.getByRole('button', { name: h.t('webhooks.create') }).tap();
    await page.locator('.error-summary').waitFor();
    const wide = await page.evaluate(() => [...document.querySelectorAll('main *')].filter((el) => el.getBoundingClientRect().right > 361).map((el) => `${el.tagName}.${el.className} ${el.textContent?.slice(0, 60)}`));
    expect(wide).toEqual([]);
    expect(await width(), '/webhooks/new with errors').toBeLessThanOrEqual(360);
  });
});
