import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { recordingSettings } from '../../schema/index.js';
import { useBrowserHarness } from './browser-harness.js';

const h = useBrowserHarness();

describe('recording settings in Chromium', () => {
  it('at 360 px with the keyboard: minimum duration, an excluded user, retention and a template field, saved and shown again', async () => {
    const davi = await h.addUser({ fullName: 'Davi Exclusão', email: 'davi.rec@example.test' });
    const page = await h.adminPage({ viewport: { width: 360, height: 740 } });
    await page.goto('/recordings/settings');

    await page.locator('#f-minDurationSeconds').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('12');

    // Enter in the search box searches; what was typed above comes back with the people found.
    await page.locator('#f-userSearch').focus();
    await page.keyboard.type('davi');
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
    await expect.poll(() => page.locator('#vrec-found').count()).toBe(1);
    expect(await page.locator('#f-minDurationSeconds').inputValue()).toBe('12');
    const found = page.getByRole('checkbox', { name: /Davi Exclusão/ });
    await found.focus();
    await page.keyboard.press('Space');
    expect(await found.isChecked()).toBe(true);

    await page.locator('#f-retention-on').focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('f-retentionDays');
    await page.keyboard.type('30');

    // The subject gets "Call " typed and then the protocol field inserted at the cursor.
    const subject = page.locator('[id="f-templates.en.subject"]');
    await subject.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Call ');
    const picker = page.locator('[id="f-templates.en.subject-field"]');
    await picker.focus();
    await page.keyboard.press('ArrowDown');
    expect(await picker.inputValue()).toBe('{protocol}');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await subject.inputValue()).toBe('Call {protocol}');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    const save = page.getByRole('button', { name: h.t('common.save') });
    await save.focus();
    await Promise.all([page.waitForURL(/\/recordings\/settings$/), page.keyboard.press('Enter')]);
    await expect.poll(() => page.locator('.flash').textContent()).toContain(h.t('flash.saved'));

    await page.reload();
    expect(await page.locator('#f-minDurationSeconds').inputValue()).toBe('12');
    expect(await page.getByRole('checkbox', { name: /Davi Exclusão/ }).isChecked()).toBe(true);
    expect(await page.locator('#f-retention-on').isChecked()).toBe(true);
    expect(await page.locator('#f-retentionDays').inputValue()).toBe('30');
    expect(await subject.inputValue()).toBe('Call {protocol}');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    const [row] = await h.deps.db.select().from(recordingSettings).where(eq(recordingSettings.orgId, h.org.orgId));
    expect(row).toMatchObject({ minDurationSeconds: 12, excludedUserIds: [davi], retentionDays: 30 });
    expect(row!.templates.en?.subject).toBe('Call {protocol}');
  });
});
