import { readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE_MATRIX } from '../../functions/services/auth/permissions.js';
import { addMembers, saveMembers } from '../../functions/services/groups/group-members.js';
import { createGroup } from '../../functions/services/groups/group-write.js';
import { createProfile } from '../../functions/services/profiles/profile-write.js';
import { eq } from 'drizzle-orm';
import { translator } from '../../functions/i18n/index.js';
import { emails, extensions } from '../../schema/index.js';
import { insertMessage, type FixtureMessage } from '../services/voicemail/inbox-fixture.js';
import { loadAndSeek } from './audio-player.js';
import { USER_PASSWORD, useBrowserHarness } from './browser-harness.js';

const h = useBrowserHarness();

/** A real 8 kHz 16-bit mono WAV of a tone, so the browser can decode, time and seek it. */
function toneWav(seconds: number): Uint8Array {
  const samples = 8000 * seconds;
  const out = new DataView(new ArrayBuffer(44 + samples * 2));
  const text = (at: number, s: string) => [...s].forEach((ch, i) => out.setUint8(at + i, ch.charCodeAt(0)));
  text(0, 'RIFF'); out.setUint32(4, 36 + samples * 2, true); text(8, 'WAVE'); text(12, 'fmt ');
  out.setUint32(16, 16, true); out.setUint16(20, 1, true); out.setUint16(22, 1, true); out.setUint32(24, 8000, true);
  out.setUint32(28, 16000, true); out.setUint16(32, 2, true); out.setUint16(34, 16, true); text(36, 'data'); out.setUint32(40, samples * 2, true);
  for (let i = 0; i < samples; i++) out.setInt16(44 + i * 2, Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)), true);
  return new Uint8Array(out.buffer);
}

let alice: FixtureMessage;
let alice2: FixtureMessage;
let bob: FixtureMessage;

beforeAll(async () => {
  const { db } = h.deps;
  const profileId = await createProfile(db, h.scope(), { name: 'Staff', description: '', permissions: DEFAULT_PROFILE_MATRIX }, new Date());
  const person = async (name: string, email: string, number: string) => {
    const id = await h.addUser({ fullName: name, email, profileId });
    await db.insert(extensions).values({ id: `ext-${id}`, orgId: h.org.orgId, siteId: h.org.siteId, number, name, userId: id, createdAt: new Date(), updatedAt: new Date() });
    return id;
  };
  const aliceId = await person('Alice Lima', 'alice@example.test', '2001');
  const bobId = await person('Bob Souza', 'bob@example.test', '2002');
  const samId = await person('Sam Reis', 'sam@example.test', '2003');
  const groupId = await createGroup(db, h.scope(), { name: 'Sales', description: '' }, new Date());
  await addMembers(db, h.scope(), groupId, [samId, aliceId], new Date());
  await saveMembers(db, h.scope(), groupId, [{ userId: samId, supervisor: true, position: 0 }, { userId: aliceId, supervisor: false, position: 1 }], new Date());
  const wav = toneWav(3);
  alice = await insertMessage(h, { extension: '2001', userId: aliceId, audio: { wav }, receivedAt: new Date(Date.now() - 60_000) });
  alice2 = await insertMessage(h, { extension: '2001', userId: aliceId, audio: { wav }, receivedAt: new Date(Date.now() - 120_000) });
  bob = await insertMessage(h, { extension: '2002', userId: bobId, audio: { wav }, receivedAt: new Date(Date.now() - 180_000) });
});

const rowOf = (page: import('playwright-core').Page, protocol: string) => page.locator('tbody tr', { hasText: protocol });

describe('v-mailer inbox in Chromium', () => {
  it('fits a 360 px screen and the player plays and seeks through Range requests', async () => {
    const page = await h.newPage({ viewport: { width: 360, height: 740 } });
    await h.signIn(page, 'alice@example.test', USER_PASSWORD);
    const ranged: number[] = [];
    page.on('response', (res) => {
      if (res.url().includes(`/messages/${alice.id}/audio`)) ranged.push(res.status());
    });
    await page.goto('/voicemail');
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    expect(await page.locator('.data-table .table-wrap').evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    await expect.poll(() => rowOf(page, alice.protocol).count()).toBe(1);
    expect(await rowOf(page, bob.protocol).count()).toBe(0);
    const result = await loadAndSeek(page, `vm-audio-${alice.id}`, 2);
    expect(result.duration).toBeGreaterThan(2.9);
    expect(result.at).toBeCloseTo(2, 1);
    expect(ranged.some((s) => s === 206)).toBe(true);
  });

  it('the speed select sets the playback rate, and playing to the end marks the message heard', async () => {
    const page = await h.newPage();
    await h.signIn(page, 'alice@example.test', USER_PASSWORD);
    await page.goto('/voicemail');
    await page.locator(`#vm-audio-${alice2.id}-speed`).selectOption('2');
    expect(await page.evaluate((id) => (document.getElementById(`vm-audio-${id}`) as HTMLAudioElement).playbackRate, alice2.id)).toBe(2);
    expect(await rowOf(page, alice2.protocol).locator('strong[data-vm-unheard]').count()).toBeGreaterThan(0);
    await page.evaluate(async (id) => {
      const audio = document.getElementById(`vm-audio-${id}`) as HTMLAudioElement;
      audio.muted = true;
      audio.load();
      await new Promise((done) => audio.addEventListener('loadedmetadata', done, { once: true }));
      audio.currentTime = audio.duration - 0.3;
      await audio.play();
    }, alice2.id);
    await expect.poll(() => rowOf(page, alice2.protocol).locator('strong[data-vm-unheard]').count(), { timeout: 5000 }).toBe(0);
    await page.reload();
    expect(await rowOf(page, alice2.protocol).locator('strong[data-vm-unheard]').count()).toBe(0);
  });

  it('downloads the checked messages as one ZIP', async () => {
    const page = await h.adminPage();
    await page.goto('/voicemail');
    await page.locator('#vm-format').selectOption('wav');
    for (const m of [alice, bob]) await rowOf(page, m.protocol).locator('input[name="ids"]').check();
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: h.t('voicemail.downloadSelected') }).click()]);
    const entries = unzipSync(await readFile((await file.path())!));
    expect(Object.keys(entries).sort()).toEqual([`${alice.protocol}.wav`, `${bob.protocol}.wav`].sort());
    await page.goto('/voicemail');
    expect(await rowOf(page, bob.protocol).locator('strong[data-vm-unheard]').count()).toBe(0);
  });

  it('sends the checked message to one\'s own e-mail with its audio, and marks it heard', async () => {
    const page = await h.newPage();
    await h.signIn(page, 'alice@example.test', USER_PASSWORD);
    await page.goto('/voicemail');
    await rowOf(page, alice2.protocol).locator('input[name="ids"]').check();
    // Alice reads the pages in her own language, Portuguese.
    const t = translator('pt-BR');
    await Promise.all([page.waitForURL('**/voicemail'), page.getByRole('button', { name: t('voicemail.emailSelected') }).click()]);
    expect(await page.locator('.flash').innerText()).toBe(t('voicemail.flash.emailed', { count: 1 }));
    const sent = await h.deps.db.select().from(emails).where(eq(emails.purpose, 'voicemail.forward'));
    expect(sent.map((m) => m.toAddresses)).toEqual([['alice@example.test']]);
    expect(sent[0]!.attachments).toHaveLength(1);
    expect(await rowOf(page, alice2.protocol).locator('strong[data-vm-unheard]').count()).toBe(0);
  });

  it('a supervisor sees the group member’s messages but not others’', async () => {
    const page = await h.newPage();
    await h.signIn(page, 'sam@example.test', USER_PASSWORD);
    await page.goto('/voicemail');
    expect(await rowOf(page, alice.protocol).count()).toBe(1);
    expect(await rowOf(page, bob.protocol).count()).toBe(0);
  });

  it('deletes a message after confirmation', async () => {
    const page = await h.adminPage();
    await page.goto('/voicemail');
    page.once('dialog', (dialog) => void dialog.accept());
    await rowOf(page, bob.protocol).getByRole('button', { name: h.t('voicemail.deleteLabel').replace('{protocol}', bob.protocol) }).click();
    await page.waitForURL('**/voicemail');
    expect(await rowOf(page, bob.protocol).count()).toBe(0);
    expect(await rowOf(page, alice.protocol).count()).toBe(1);
  });
});
