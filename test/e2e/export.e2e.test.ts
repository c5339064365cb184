import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBrowserHarness } from './browser-harness.js';

const h = useBrowserHarness();

beforeAll(async () => {
  // A comma and quotes in a name test the CSV quoting; an accent tests UTF-8.
  await h.addUser({ fullName: 'Lima, Joana "Jo"', email: 'joana.lima@example.test' });
  await h.addUser({ fullName: 'Márcio Exporta', email: 'marcio.exporta@example.test' });
});

/** Clicks an export link of the users table and returns the file's name and bytes. */
async function download(page: Page, label: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: label, exact: true }).click()]);
  expect(await file.failure()).toBeNull();
  return { name: file.suggestedFilename(), bytes: await readFile((await file.path())!) };
}

describe('exporting the users table', () => {
  it('downloads a CSV with a BOM, the column labels and every user', async () => {
    const { t } = h;
    const page = await h.adminPage();
    await page.goto('/users');
    const { name, bytes } = await download(page, t('table.exportCsv'));
    expect(name).toMatch(/^ramal-users-\d{4}-\d{2}-\d{2}\.csv$/);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    const header = ['users.fullName', 'users.email', 'users.extensions', 'users.profile', 'users.groups', 'users.source', 'common.createdAt'] as const;
    expect(lines[0]).toBe(header.map((k) => t(k)).join(','));
    expect(lines.at(-1)).toBe('');
    const rows = lines.slice(1, -1);
    expect(rows).toHaveLength(3);
    // Sorted by name as on the screen: Administrator, Lima, Márcio.
    expect(rows[0]).toMatch(/^Administrator,admin@example\.test,,Administrators,,/);
    expect(rows[1]).toMatch(/^"Lima, Joana ""Jo""",joana\.lima@example\.test,,DEFAULT,,/);
    expect(rows[2]).toMatch(/^Márcio Exporta,marcio\.exporta@example\.test,/);
  });

  it('exports only what the search found', async () => {
    const page = await h.adminPage();
    await page.goto('/users');
    const search = page.getByRole('searchbox', { name: h.t('table.search') });
    await search.fill('márcio');
    await Promise.all([page.waitForURL((u) => u.searchParams.get('q') === 'márcio'), search.press('Enter')]);
    const { bytes } = await download(page, h.t('table.exportCsv'));
    const rows = bytes.toString('utf8').split('\r\n').slice(1, -1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/^Márcio Exporta,/);
  });

  it('downloads a PDF', async () => {
    const page = await h.adminPage();
    await page.goto('/users');
    const { name, bytes } = await download(page, h.t('table.exportPdf'));
    expect(name).toMatch(/^ramal-users-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.subarray(-8).toString('latin1')).toContain('%%EOF');
    // The page the user was on stays put.
    expect(new URL(page.url()).pathname).toBe('/users');
  });
});
