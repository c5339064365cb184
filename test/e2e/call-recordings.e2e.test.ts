import { readFile } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../functions/i18n/index.js';
import { callRecordingNotes, callRecordings, emails } from '../../schema/index.js';
import { loadAndSeek } from './audio-player.js';
import { USER_PASSWORD, useBrowserHarness } from './browser-harness.js';
import { seedRecording, toneWav, type SeededRecording } from './call-recordings-seed.js';

const h = useBrowserHarness();
const PHONE = { viewport: { width: 360, height: 740 } };

let alice: SeededRecording;
let bob: SeededRecording;
let stereo: SeededRecording;
let doomed: SeededRecording;

beforeAll(async () => {
  const aliceId = await h.addUser({ fullName: 'Alice Lima', email: 'alice.rec@example.test', language: 'pt-BR', extensions: [{ siteId: h.org.siteId, number: '2001' }] });
  const now = Date.now();
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000);
  alice = await seedRecording(h, {
    type: 'received', access: '2001', identification: '551130001111', startedAt: at(10), audio: { wav: toneWav(3) },
    participants: [{ number: '2001', name: 'Alice Lima', internal: true, userId: aliceId, channel: null, joinedAt: at(10) }],
  });
  bob = await seedRecording(h, { type: 'made', access: '2002', identification: '551140002222', startedAt: at(20) });
  stereo = await seedRecording(h, {
    type: 'received', access: '2003', identification: '551150003333', channels: 2, startedAt: at(30), audio: { wav: toneWav(3, 2) },
    callRef: 'a-very-long-sip-call-id-without-any-space-0123456789@pbx.example.test',
    participants: [
      { number: '551150003333', name: 'Cliente', internal: false, channel: 0, joinedAt: at(30), leftAt: at(29) },
      { number: '2004', name: 'Davi Melo', internal: true, channel: 1, joinedAt: at(30), leftAt: at(29) },
    ],
  });
  doomed = await seedRecording(h, { type: 'internal', access: '2005', startedAt: at(40) });
});

const rowOf = (page: Page, protocol: string) => page.locator('tbody tr', { hasText: protocol });
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

describe('call recordings in Chromium', () => {
  it('filters with the keyboard at 360 px, and the player plays and seeks through Range requests', async () => {
    const page = await h.adminPage(PHONE);
    const ranged: number[] = [];
    page.on('response', (res) => {
      if (res.url().includes(`/recordings/${stereo.id}/audio`)) ranged.push(res.status());
    });
    await page.goto('/recordings');
    await page.locator('#rec-extension').focus();
    await page.keyboard.type('2004');
    await Promise.all([page.waitForURL('**/recordings?**extension=2004**'), page.keyboard.press('Enter')]);
    expect(await rowOf(page, stereo.protocol).count()).toBe(1);
    expect(await rowOf(page, alice.protocol).count()).toBe(0);
    await expect.poll(() => fitsWidth(page)).toBe(true);
    const result = await loadAndSeek(page, `rec-audio-${stereo.id}`, 2);
    expect(result.duration).toBeGreaterThan(2.9);
    expect(result.at).toBeCloseTo(2, 1);
    expect(ranged).toContain(206);
  });

  it('opens the details with the keyboard, shows the sides of a stereo call, and adds a note', async () => {
    const page = await h.adminPage(PHONE);
    await page.goto('/recordings');
    await rowOf(page, stereo.protocol).getByRole('link', { name: h.t('vrec.detailsLabel', { protocol: stereo.protocol }) }).focus();
    await Promise.all([page.waitForURL(`**/recordings/${stereo.id}`), page.keyboard.press('Enter')]);
    await expect.poll(() => fitsWidth(page)).toBe(true);
    const participants = page.locator('section[aria-labelledby="rec-participants"] tbody tr');
    expect(await participants.locator(`td[data-label="${h.t('vrec.channel')}"]`).allInnerTexts()).toEqual([h.t('vrec.channel.left'), h.t('vrec.channel.right')]);
    await page.getByLabel(h.t('vrec.noteBody')).focus();
    await page.keyboard.type('Cliente pediu retorno.');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(h.t('vrec.addNote'));
    await Promise.all([page.waitForURL(`**/recordings/${stereo.id}`), page.keyboard.press('Enter')]);
    expect(await page.locator('.flash').innerText()).toBe(h.t('vrec.flash.noted'));
    expect(await page.locator('section[aria-labelledby="rec-notes"]').innerText()).toContain('Cliente pediu retorno.');
    const stored = await h.deps.db.select().from(callRecordingNotes).where(eq(callRecordingNotes.recordingId, stereo.id));
    expect(stored.map((n) => n.body)).toEqual(['Cliente pediu retorno.']);
  });

  it('downloads the checked recordings as one ZIP, byte for byte', async () => {
    const page = await h.adminPage();
    await page.goto('/recordings');
    await page.locator('#rec-format').selectOption('wav');
    for (const r of [alice, bob]) await rowOf(page, r.protocol).locator('input[name="ids"]').check();
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: h.t('vrec.downloadSelected') }).click()]);
    const entries = unzipSync(await readFile((await file.path())!));
    expect(Object.keys(entries).sort()).toEqual([`${alice.protocol}.wav`, `${bob.protocol}.wav`].sort());
    expect(entries[`${alice.protocol}.wav`]).toEqual(new Uint8Array(alice.bytes.wav));
    expect(entries[`${bob.protocol}.wav`]).toEqual(new Uint8Array(bob.bytes.wav));
  });

  it('sends one’s own recording to one’s own e-mail, in one’s own language', async () => {
    const page = await h.newPage(PHONE);
    await h.signIn(page, 'alice.rec@example.test', USER_PASSWORD);
    await page.goto('/recordings');
    expect(await rowOf(page, bob.protocol).count()).toBe(0);
    const t = translator('pt-BR');
    await rowOf(page, alice.protocol).locator('input[name="ids"]').check();
    await Promise.all([page.waitForURL('**/recordings'), page.getByRole('button', { name: t('vrec.emailSelected') }).click()]);
    expect(await page.locator('.flash').innerText()).toBe(t('vrec.flash.emailed', { count: 1 }));
    const sent = (await h.deps.db.select().from(emails)).filter((m) => m.toAddresses.includes('alice.rec@example.test'));
    expect(sent).toHaveLength(1);
  });

  it('deletes only after the confirmation is accepted', async () => {
    const page = await h.adminPage();
    await page.goto('/recordings');
    await rowOf(page, doomed.protocol).locator('input[name="ids"]').check();
    const remove = page.getByRole('button', { name: h.t('vrec.deleteSelected') });
    page.once('dialog', (dialog) => void dialog.dismiss());
    await remove.click();
    expect(await h.deps.db.select().from(callRecordings).where(eq(callRecordings.id, doomed.id))).toHaveLength(1);
    page.once('dialog', (dialog) => void dialog.accept());
    await Promise.all([page.waitForURL('**/recordings'), remove.click()]);
    expect(await page.locator('.flash').innerText()).toBe(h.t('vrec.flash.deleted', { count: 1 }));
    expect(await rowOf(page, doomed.protocol).count()).toBe(0);
    expect(await rowOf(page, bob.protocol).count()).toBe(1);
  });
});
