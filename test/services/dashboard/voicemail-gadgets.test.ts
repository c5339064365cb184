import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensions, sites, userSites, users } from '../../../schema/index.js';
import { loadUserScope } from '../../../functions/services/auth/actor.js';
import { DEFAULT_PROFILE_MATRIX } from '../../../functions/services/auth/permissions.js';
import { myVoicemail, startOfDay, systemVoicemail } from '../../../functions/services/dashboard/voicemail-gadgets.js';
import type { Scope } from '../../../functions/services/scope.js';
import { createSite } from '../../../functions/services/sites/site-service.js';
import { createHarness, type Harness } from '../../helpers/harness.js';
import { userWithMatrix } from '../../routes/api/api-helpers.js';
import { insertMessage, type FixtureMessage } from '../voicemail/inbox-fixture.js';

let h: Harness;
let ana: { id: string; scope: Scope };
let anaMessages: FixtureMessage[];
let orgBytes = 0;
let branch: string;
const bytesOf = (m: FixtureMessage) => m.bytes.wav.byteLength + m.bytes.gsm.byteLength + m.bytes.mp3.byteLength;

async function scopeOf(userId: string): Promise<Scope> {
  const loaded = await loadUserScope(h.deps.db, userId, h.org.orgId);
  if (!loaded) throw new Error('user not found');
  return loaded.scope;
}

beforeAll(async () => {
  h = await createHarness();
  const u = await userWithMatrix(h, DEFAULT_PROFILE_MATRIX, { name: 'Ana Lima' });
  await h.deps.db.insert(extensions).values({ id: `ext-${u.id}`, orgId: h.org.orgId, siteId: h.org.siteId, number: '3001', name: 'Ana', userId: u.id, createdAt: new Date(), updatedAt: new Date() });
  await h.deps.db.update(sites).set({ voicemailMaxMessages: 4 }).where(eq(sites.id, h.org.siteId));
  const at = new Date('2026-03-10T12:00:00Z');
  anaMessages = [
    await insertMessage(h, { extension: '3001', userId: u.id, receivedAt: at }),
    await insertMessage(h, { extension: '3001', userId: u.id, receivedAt: at }),
    await insertMessage(h, { extension: '3001', userId: u.id, heard: true, receivedAt: at }),
  ];
  // Another user's message, and one in another organization: neither is Ana's.
  const other = await userWithMatrix(h, DEFAULT_PROFILE_MATRIX, { name: 'Rui Costa' });
  const others = await insertMessage(h, { extension: '3002', userId: other.id, receivedAt: at });
  orgBytes = [...anaMessages, others].reduce((sum, m) => sum + bytesOf(m), 0);
  const foreign = await h.addOrganization('Other Co', 'other-vm-gadgets@example.test');
  await insertMessage(h, { extension: '3001', orgId: foreign.orgId, siteId: foreign.siteId, receivedAt: at });
  branch = await createSite(h.deps.db, h.scope(), { name: 'Branch', timeZone: 'UTC', voicemailOwnCode: '1001', voicemailOtherCode: '1002', conferenceCode: '1006', pbxHost: '', pbxConnection: { kind: 'none' }, syncIntervalMinutes: 0 }, new Date());
  ana = { id: u.id, scope: await scopeOf(u.id) };
});

afterAll(() => h?.close());

describe("the user's voicemail gadget", () => {
  it("counts the user's heard and unheard messages and their space, not anyone else's", async () => {
    const mine = await myVoicemail(h.deps.db, ana.scope);
    expect({ heard: mine.heard, unheard: mine.unheard }).toEqual({ heard: 1, unheard: 2 });
    expect(mine.bytes).toBe(anaMessages.reduce((sum, m) => sum + bytesOf(m), 0));
  });

  it("shows each of the user's mailboxes against its site's limit", async () => {
    const mine = await myVoicemail(h.deps.db, ana.scope);
    expect(mine.mailboxes).toEqual([{ siteName: 'Head office', extension: '3001', count: 3, max: 4 }]);
    expect(mine.siteLimit).toBeNull();
  });

  it('gives a user without a mailbox the per-mailbox limit of their sites', async () => {
    const lonely = await userWithMatrix(h, DEFAULT_PROFILE_MATRIX, { name: 'No Mailbox' });
    // Head office (4) and Branch (100) disagree, so only a user limited to one of them gets a number.
    expect((await myVoicemail(h.deps.db, await scopeOf(lonely.id))).siteLimit).toBeNull();
    await h.deps.db.batch([
      h.deps.db.update(users).set({ siteRestricted: true }).where(eq(users.id, lonely.id)),
      h.deps.db.insert(userSites).values({ userId: lonely.id, siteId: h.org.siteId, orgId: h.org.orgId }),
    ]);
    const mine = await myVoicemail(h.deps.db, await scopeOf(lonely.id));
    expect(mine).toEqual({ heard: 0, unheard: 0, bytes: 0, mailboxes: [], siteLimit: 4 });
  });
});

describe("the system's voicemail gadget", () => {
  const now = new Date('2026-03-15T02:30:00Z'); // 23:30 on the 14th in São Paulo (UTC-3)

  it("totals the organization's messages, not another organization's", async () => {
    const system = await systemVoicemail(h.deps.db, h.scope(), now, null);
    expect({ total: system.total, freeBytes: system.freeBytes }).toEqual({ total: 4, freeBytes: null });
    expect(system.usedBytes).toBe(orgBytes);
  });

  it("counts today's messages by the organization's calendar, not UTC's", async () => {
    expect(startOfDay(now, 'America/Sao_Paulo').toISOString()).toBe('2026-03-14T03:00:00.000Z');
    const before = (await systemVoicemail(h.deps.db, h.scope(), now, null)).today;
    await insertMessage(h, { extension: '3009', receivedAt: new Date('2026-03-14T02:59:59Z') }); // the 13th there
    await insertMessage(h, { extension: '3009', receivedAt: new Date('2026-03-14T03:00:00Z') }); // midnight of the 14th
    await insertMessage(h, { extension: '3009', receivedAt: new Date('2026-03-15T02:00:00Z') }); // the 15th in UTC, the 14th there
    const after = await systemVoicemail(h.deps.db, h.scope(), now, null);
    expect(after.today - before).toBe(2);
    expect(after.total).toBe(7);
  });

  it("tells the store's free space it is given, or none", async () => {
    expect((await systemVoicemail(h.deps.db, h.scope(), now, 600)).freeBytes).toBe(600);
    expect((await systemVoicemail(h.deps.db, h.scope(), now, null)).freeBytes).toBeNull();
  });

  it('shows a site-limited administrator only the messages of their sites', async () => {
    const scope: Scope = { ...h.scope(), siteIds: [branch] };
    expect(await systemVoicemail(h.deps.db, scope, now, null)).toMatchObject({ total: 0, usedBytes: 0, today: 0 });
  });
});
