import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { utcToLocal } from '../../functions/services/conference/local-time.js';
import { createToken } from '../../functions/services/tokens/token-service.js';
import { conferenceInvitees, conferenceRooms } from '../../schema/index.js';
import { useBrowserHarness } from './browser-harness.js';

const h = useBrowserHarness();
const MIN = 60_000;

/** What the media node does every second while the room runs; returns the pending commands. */
async function pushLive(token: string, roomId: string, participants: { id: string; name: string; talking: boolean; muted?: boolean }[]) {
  const res = await fetch(`${h.baseUrl}/api/v1/node/conference/live`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      rooms: [{ roomId, sessionId: 'e2e-session', locked: false, participants: participants.map((p) => ({ id: p.id, name: p.name, number: `20${p.id}`, role: 'participant', muted: p.muted ?? false, talking: p.talking, listenOnly: false, joinedAt: new Date().toISOString() })) }],
    }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { commands: { action: string; participantId: string | null }[] }).commands;
}

describe('v-conference in Chromium', () => {
  it('creates a room with options and an invitee, shows the live participants as the node reports them, and mutes one', async () => {
    await h.addUser({ fullName: 'Bea Campos', email: 'bea@example.test' });
    const page = await h.adminPage({ viewport: { width: 360, height: 740 } });
    await page.goto(`${h.baseUrl}/conference/new`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const zone = 'America/Sao_Paulo';
    const start = utcToLocal(new Date(Math.ceil((Date.now() + 24 * 60 * MIN) / MIN) * MIN), zone);
    const end = utcToLocal(new Date(Math.ceil((Date.now() + 25 * 60 * MIN) / MIN) * MIN), zone);
    await page.fill('#f-number', '4321');
    await page.fill('#f-subject', 'Quarterly review');
    await page.fill('#f-participantPin', '1357');
    await page.fill('#f-adminPin', '2468');
    await page.fill('#f-startsAt', start);
    await page.fill('#f-endsAt', end);
    await page.getByLabel(h.t('conference.opt.record')).check();
    await page.getByLabel(h.t('conference.opt.muteOnEntry')).check();
    await page.getByRole('combobox', { name: h.t('conference.picker.label') }).fill('Bea');
    await page.getByRole('listbox', { name: h.t('conference.picker.label') }).getByRole('option', { name: /Bea Campos/ }).click();
    await page.fill('#f-inviteEmails', 'partner@outside.test');
    await page.getByRole('button', { name: h.t('common.save') }).click();
    await page.waitForURL(/\/conference\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.locator('.flash, [role=status]').first().textContent()).toContain(h.t('conference.flash.created'));

    const roomId = new URL(page.url()).pathname.split('/').pop()!;
    const [room] = await h.deps.db.select().from(conferenceRooms).where(eq(conferenceRooms.id, roomId));
    expect(room!.options).toMatchObject({ record: true, muteOnEntry: true, listenOnly: false });
    expect(utcToLocal(room!.startsAt!, zone)).toBe(start);
    expect((await h.deps.db.select().from(conferenceInvitees).where(eq(conferenceInvitees.roomId, roomId))).map((i) => i.email).sort()).toEqual(['bea@example.test', 'partner@outside.test']);

    // The meeting time has come (the form cannot schedule the past, so the window is moved here).
    await h.deps.db.update(conferenceRooms).set({ startsAt: new Date(Date.now() - MIN), endsAt: new Date(Date.now() + 30 * MIN) }).where(eq(conferenceRooms.id, roomId));
    const { secret } = await createToken(h.deps.db, h.scope(), { name: 'e2e node', kind: 'node', siteId: h.org.siteId }, new Date());
    await pushLive(secret, roomId, [{ id: '1', name: 'Rita', talking: true }]);
    await page.goto(`${h.baseUrl}/conference/${roomId}/live`);
    await expect.poll(() => page.locator('tr[data-participant="1"] [data-talking]').count()).toBe(1);

    // The node's next pushes: Rita stops, Joe joins and talks; the page follows within seconds.
    const keepPushing = setInterval(() => void pushLive(secret, roomId, [{ id: '1', name: 'Rita', talking: false }, { id: '2', name: 'Joe', talking: true }]), 1000);
    try {
      await expect.poll(() => page.locator('tr[data-participant="2"] [data-talking]').count(), { timeout: 8000 }).toBe(1);
      expect(await page.locator('tr[data-participant="1"] [data-talking]').count()).toBe(0);
    } finally {
      clearInterval(keepPushing);
    }

    await page.locator('tr[data-participant="2"]').getByRole('button', { name: h.t('conference.mute') }).click();
    await page.waitForURL(`${h.baseUrl}/conference/${roomId}/live`);
    const commands = await pushLive(secret, roomId, [{ id: '2', name: 'Joe', talking: true }]);
    expect(commands).toEqual([expect.objectContaining({ action: 'mute', participantId: '2' })]);
  });
});
