import { readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { conferenceSessions } from '../../schema/index.js';
import { JOB_HANDLERS } from '../../workers/jobs/index.js';
import { runNextJob } from '../../workers/jobs/runner.js';
import { insertRecorded, toHex } from '../services/recording-maintenance/recordings-fixture.js';
import { useBrowserHarness } from './browser-harness.js';

const h = useBrowserHarness();
const path = '/conference/maintenance';

async function runJobs() {
  while (await runNextJob(h.deps, JOB_HANDLERS, { owner: 'e2e-runner' })) {
    // next
  }
}

describe('conference recordings maintenance in Chromium', () => {
  it('exports a period as a ZIP at 360 px with the keyboard: progress refreshes in place, then the download', async () => {
    const inside = await insertRecorded(h, { startedAt: new Date('2090-03-10T15:00:00Z'), number: '301' });
    await insertRecorded(h, { startedAt: new Date('2090-04-10T15:00:00Z') });
    const page = await h.adminPage({ viewport: { width: 360, height: 740 } });
    await page.goto(path);
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    const form = page.locator(`form[action="${path}/export"]`);
    // The bucket's fields only show once that target is picked.
    expect(await form.locator('#x-bucket').isVisible()).toBe(false);
    await form.locator('#x-target').selectOption('bucket');
    expect(await form.locator('#x-bucket').isVisible()).toBe(true);
    await form.locator('#x-target').selectOption('zip');
    await form.locator('#x-range-period').check();
    await form.locator('#x-from').fill('2090-03-01');
    await form.locator('#x-to').fill('2090-03-31');
    await form.locator('#x-format-wav').check();
    await form.locator('#x-format-mp3').uncheck();
    await form.getByRole('button', { name: h.t('recordings.exportButton') }).focus();
    await Promise.all([page.waitForURL((u) => u.pathname === path), page.keyboard.press('Enter')]);
    await expect.poll(() => page.locator('.job-status progress').count()).toBe(1);
    await runJobs();
    // No reload: the card polls its own fragment while the job runs.
    await expect.poll(() => page.locator('.job-status').first().textContent(), { timeout: 8000 }).toContain(h.t('recordings.exported', { count: 1, files: 1 }));
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: h.t('recordings.download') }).click()]);
    const entries = unzipSync(await readFile((await file.path())!));
    expect(Object.keys(entries)).toEqual([`conference/2090-03/2090-03-10_1200_room-301_${inside.id.slice(0, 8)}.wav`]);
    expect(toHex(Object.values(entries)[0]!)).toBe(toHex(inside.bytes.wav));
  });

  it('deletes a period after the warning and the confirmation, keeping the history entry', async () => {
    const doomed = await insertRecorded(h, { startedAt: new Date('2091-06-10T15:00:00Z') });
    const kept = await insertRecorded(h, { startedAt: new Date('2091-07-10T15:00:00Z') });
    const page = await h.adminPage();
    await page.goto(path);
    const form = page.locator(`form[action="${path}/delete"]`);
    expect(await form.textContent()).toContain(h.t('recordings.deleteWarning'));
    await form.locator('#d-range-period').check();
    await form.locator('#d-from').fill('2091-06-01');
    await form.locator('#d-to').fill('2091-06-30');
    // Without the box ticked the server shows the form again.
    page.once('dialog', (d) => void d.accept());
    await form.getByRole('button', { name: h.t('recordings.deleteButton') }).click();
    await expect.poll(() => page.locator('.field-error').first().textContent()).toContain(h.t('recordings.err.confirm'));
    await page.locator(`form[action="${path}/delete"] #d-confirm`).check();
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.accept();
    });
    await Promise.all([page.waitForURL((u) => u.pathname === path), page.locator(`form[action="${path}/delete"]`).getByRole('button', { name: h.t('recordings.deleteButton') }).click()]);
    expect(asked).toBe(h.t('recordings.deleteConfirm'));
    await runJobs();
    await expect.poll(() => page.locator('.job-status').first().textContent(), { timeout: 8000 }).toContain(h.t('recordings.deleted', { count: 1 }));
    const rows = await h.deps.db.select().from(conferenceSessions).where(eq(conferenceSessions.id, doomed.id));
    expect(rows[0]?.recordingAudioId).toBeNull();
    expect((await h.deps.db.select().from(conferenceSessions).where(eq(conferenceSessions.id, kept.id)))[0]?.recordingAudioId).toBe(kept.audioId);
  });
});
