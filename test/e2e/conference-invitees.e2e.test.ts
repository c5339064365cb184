import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { utcToLocal } from '../../functions/services/conference/local-time.js';
import { conferenceInvitees, emails } from '../../schema/index.js';
import { useBrowserHarness } from './browser-harness.js';

const h = useBrowserHarness();
const MIN = 60_000;
const ZONE = 'America/Sao_Paulo';
const at = (ms: number) => utcToLocal(new Date(Math.ceil((Date.now() + ms) / MIN) * MIN), ZONE);

describe('the invitee picker in Chromium', () => {
  it('searches as one types, picks and removes with the keyboard at 360 px, and the saved room queues the invitations', async () => {
    await h.addUser({ fullName: 'Bea Campos', email: 'bea.picker@example.test', extensions: [{ siteId: h.org.siteId, number: '5150' }] });
    await h.addUser({ fullName: 'Beatriz Lopes', email: 'beatriz.picker@example.test' });
    await h.addUser({ fullName: 'Davi Rocha', email: 'davi.picker@example.test' });
    const page = await h.adminPage({ viewport: { width: 360, height: 740 } });
    await page.goto('/conference/new');
    await page.fill('#f-number', '7788');
    await page.fill('#f-subject', 'Picker review');
    await page.fill('#f-participantPin', '2468');
    await page.fill('#f-adminPin', '1357');
    await page.fill('#f-startsAt', at(24 * 60 * MIN));
    await page.fill('#f-endsAt', at(25 * 60 * MIN));
    // The header follows the fields without a round trip.
    await expect.poll(() => page.locator('#f-header').inputValue()).toContain(`${h.t('conference.invite.dialIn')}: 10067788`);
    expect(await page.locator('#f-header').inputValue()).toContain(`${h.t('conference.invite.pin')}: 2468`);

    const search = page.getByRole('combobox', { name: h.t('conference.picker.label') });
    // The page's other listboxes (the language menu) have options too.
    const found = page.getByRole('listbox', { name: h.t('conference.picker.label') });
    await search.focus();
    await page.keyboard.type('bea');
    await expect.poll(() => found.getByRole('option').count()).toBe(2);
    await page.keyboard.press('ArrowDown');
    expect(await found.getByRole('option', { selected: true }).textContent()).toContain('Beatriz Lopes');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.invitee-chip').count()).toBe(1);
    expect(await search.inputValue()).toBe('');

    // By extension number, then the first option is taken with Enter.
    await page.keyboard.type('5150');
    await expect.poll(() => found.getByRole('option').allTextContents()).toEqual([expect.stringContaining('Bea Campos')]);
    await page.keyboard.press('Enter');
    await page.keyboard.type('davi');
    await expect.poll(() => found.getByRole('option').count()).toBe(1);
    await page.keyboard.press('Enter');
    // A free address is typed and taken with Enter too.
    await page.keyboard.type('Partner@Outside.test');
    await expect.poll(() => found.getByRole('option', { selected: true }).textContent()).toContain('partner@outside.test');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.invitee-chip').count()).toBe(4);

    // Backspace in the empty box removes the last chip; a chip's own button removes that one.
    await page.keyboard.press('Backspace');
    await expect.poll(() => page.locator('.invitee-chip').count()).toBe(3);
    const removeDavi = page.getByRole('button', { name: h.t('conference.picker.remove', { name: 'Davi Rocha' }) });
    await removeDavi.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.invitee-chip').count()).toBe(2);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('f-inviteSearch');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await page.getByRole('button', { name: h.t('common.save') }).click();
    await page.waitForURL(/\/conference\/[0-9a-f-]{36}$/);
    const roomId = new URL(page.url()).pathname.split('/').pop()!;
    const invited = (await h.deps.db.select().from(conferenceInvitees).where(eq(conferenceInvitees.roomId, roomId))).map((i) => i.email).sort();
    expect(invited).toEqual(['bea.picker@example.test', 'beatriz.picker@example.test']);
    const queued = (await h.deps.db.select().from(emails).where(eq(emails.purpose, 'conference.invitation'))).filter((m) => m.subject.includes('Picker review'));
    expect(queued.flatMap((m) => m.toAddresses).sort()).toEqual(invited);
    expect(queued.map((m) => m.jobId)).not.toContain(null);

    // Back on the saved room, the chosen people are chips again.
    expect(await page.locator('.invitee-chip').allTextContents()).toEqual([expect.stringContaining('Bea'), expect.stringContaining('Bea')]);

    // Removing someone from the saved room sends them the cancellation.
    await page.getByRole('button', { name: h.t('conference.picker.remove', { name: 'Bea Campos' }) }).click();
    await page.getByRole('button', { name: h.t('common.save') }).click();
    await expect.poll(() => page.locator('.flash, [role=status]').first().textContent()).toContain(h.t('conference.flash.saved'));
    const cancels = await h.deps.db.select().from(emails).where(eq(emails.purpose, 'conference.cancellation'));
    expect(cancels.map((m) => m.toAddresses)).toEqual([['bea.picker@example.test']]);
  });
});
