import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRecordingParticipants, callRecordings } from '../../../schema/index.js';
import { loadUserScope } from '../../../functions/services/auth/actor.js';
import { DEFAULT_PROFILE_MATRIX } from '../../../functions/services/auth/permissions.js';
import { recordingStorage, storedRecordings } from '../../../functions/services/dashboard/recording-gadgets.js';
import type { Scope } from '../../../functions/services/scope.js';
import { createHarness, type Harness } from '../../helpers/harness.js';
import { matrixWithout, userWithMatrix } from '../../routes/api/api-helpers.js';

const DAY = 86_400_000;
const MB = 1_000_000;
const NOW = new Date('2031-05-20T12:00:00Z');
let h: Harness;

/** A kept call: `bytes` of audio, `durationMs` long, with an internal participant when `userId` is given (in `db`, this file's harness by default). */
async function record(orgId: string, siteId: string, startedAt: Date, bytes: number, durationMs = 60_000, userId: string | null = null, db = h.deps.db) {
  const id = randomUUID();
  await db.insert(callRecordings).values({
    id, orgId, siteId, protocol: `REC-G-${id.slice(0, 8)}`, type: 'received', access: '3001', identification: '+5511999990000', startedAt,
    endedAt: new Date(startedAt.getTime() + durationMs), durationMs, source: 'sip', audioId: randomUUID(), audioBytes: bytes, createdAt: startedAt,
  });
  if (userId) {
    await db.insert(callRecordingParticipants).values({ id: randomUUID(), orgId, recordingId: id, number: '3001', internal: true, userId, joinedAt: startedAt });
  }
}

async function scopeOf(userId: string): Promise<Scope> {
  const loaded = await loadUserScope(h.deps.db, userId, h.org.orgId);
  if (!loaded) throw new Error('user not found');
  return loaded.scope;
}

let ana: { id: string; scope: Scope };

beforeAll(async () => {
  h = await createHarness();
  const u = await userWithMatrix(h, DEFAULT_PROFILE_MATRIX, { name: 'Ana Rec' });
  ana = { id: u.id, scope: await scopeOf(u.id) };
  const { orgId, siteId } = h.org;
  await record(orgId, siteId, new Date(NOW.getTime() - DAY), 3 * MB, 120_000, u.id);
  await record(orgId, siteId, new Date(NOW.getTime() - 2 * DAY), 2 * MB, 30_000);
  await record(orgId, siteId, new Date(NOW.getTime() - 3 * DAY), 1 * MB, 45_000);
  // Another organization's call is never counted.
  const other = await h.addOrganization('Other rec', 'other-rec-gadgets@example.test');
  await record(other.orgId, other.siteId, new Date(NOW.getTime() - DAY), 50 * MB, 600_000);
});

afterAll(() => h?.close());

describe('stored recordings gadget', () => {
  it("counts an administrator's whole organization: calls, bytes and length", async () => {
    expect(await storedRecordings(h.deps.db, h.scope())).toEqual({ count: 3, bytes: 6 * MB, durationMs: 195_000 });
  });

  it('counts for a user only the calls they were on', async () => {
    expect(await storedRecordings(h.deps.db, ana.scope)).toEqual({ count: 1, bytes: 3 * MB, durationMs: 120_000 });
  });
});

describe('recording storage estimate', () => {
  it('reads the rate over the last 7 days only and tells the days left for the free space', async () => {
    const org = await h.addOrganization('Busy rec', 'busy-rec@example.test');
    // One call a day for ten days: 2 MB each; the three older than a week must not count.
    for (let d = 1; d <= 10; d++) await record(org.orgId, org.siteId, new Date(NOW.getTime() - d * DAY + 60_000), 2 * MB);
    const s = await recordingStorage(h.deps.db, org.orgId, NOW, 100 * MB);
    expect(s.windowDays).toBe(7);
    expect(s.bytesPerDay).toBe(2 * MB);
    expect(s.daysLeft).toBe(50);
  });

  it('a young installation reads its rate over the days it has', async () => {
    const org = await h.addOrganization('Young rec', 'young-rec@example.test');
    await record(org.orgId, org.siteId, new Date(NOW.getTime() - 2 * DAY), 4 * MB);
    await record(org.orgId, org.siteId, new Date(NOW.getTime() - DAY / 2), 2 * MB);
    const s = await recordingStorage(h.deps.db, org.orgId, NOW, 9 * MB);
    expect(s.windowDays).toBe(2);
    expect(s.bytesPerDay).toBe(3 * MB);
    expect(s.daysLeft).toBe(3);
  });

  it('says there is not enough data under a day of recordings, or with none at all', async () => {
    const org = await h.addOrganization('New rec', 'new-rec@example.test');
    expect(await recordingStorage(h.deps.db, org.orgId, NOW, 100 * MB)).toMatchObject({ bytesPerDay: null, daysLeft: null });
    await record(org.orgId, org.siteId, new Date(NOW.getTime() - 5 * 3_600_000), 8 * MB);
    expect(await recordingStorage(h.deps.db, org.orgId, NOW, 100 * MB)).toMatchObject({ bytesPerDay: null, daysLeft: null });
  });

  it('with the capacity unknown still gives the rate but no days', async () => {
    const s = await recordingStorage(h.deps.db, h.org.orgId, NOW, null);
    expect(s.bytesPerDay).toBe(2 * MB); // 6 MB over the 3 days since the first recording
    expect(s).toMatchObject({ freeBytes: null, daysLeft: null });
  });
});

describe('the gadgets on the dashboard', () => {
  it('draws both for a user with vrec.view', async () => {
    const admin = await h.admin();
    const stored = await (await admin.get('/dashboard/gadgets/rec-stored')).text();
    expect(stored).toContain('Recordings');
    expect(stored).toMatch(/<dd>3<\/dd>/);
    const storage = await admin.get('/dashboard/gadgets/rec-storage');
    expect(storage.status).toBe(200);
    expect(await storage.text()).toContain('Storage full in');
  });

  it('tells the days left from RAMAL_STORAGE_CAPACITY when it is set (the way an S3 store is sized)', async () => {
    const sized = await createHarness({ RAMAL_STORAGE_CAPACITY: '20MB' });
    try {
      const { orgId, siteId } = sized.org;
      const now = Date.now();
      for (const [days, mb] of [[1, 3], [2, 2], [3, 1]] as const) await record(orgId, siteId, new Date(now - days * DAY), mb * MB, 60_000, null, sized.deps.db);
      // 20 MB free (no audio stored yet) at 2 MB a day.
      const html = await (await (await sized.admin()).get('/dashboard/gadgets/rec-storage')).text();
      expect(html).toMatch(/data-rec-estimate="true">about 10 days</);
    } finally {
      await sized.close();
    }
  });

  it('are not offered without vrec.view', async () => {
    const u = await userWithMatrix(h, matrixWithout('vrec', 'view'));
    expect((await u.client.get('/dashboard/gadgets/rec-stored')).status).toBe(404);
    expect((await u.client.get('/dashboard/gadgets/rec-storage')).status).toBe(404);
  });
});
