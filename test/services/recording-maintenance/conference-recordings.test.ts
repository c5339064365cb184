import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { audioItems, conferenceParticipants, conferenceSessions } from '../../../schema/index.js';
import { conferenceRecordings } from '../../../functions/services/conference/conference-recordings.js';
import { exportEntryPath, bucketKey } from '../../../functions/services/recording-maintenance/export-paths.js';
import { recordingSet, RECORDING_SETS } from '../../../functions/services/recording-maintenance/recording-sets.js';
import type { Scope } from '../../../functions/services/scope.js';
import { useHarness, type Harness } from '../../helpers/harness.js';
import { insertRecorded } from './recordings-fixture.js';

let h: Harness;
useHarness((ready) => ({ h } = ready));

const year = (y: number, rest = '-03-10T13:00:00Z') => new Date(`${y}${rest}`);

describe('the conference recording set', () => {
  it('names a recording by its start on the site clock, its room and its id', async () => {
    const rec = await insertRecorded(h, { startedAt: new Date('2026-11-26T13:00:00Z'), number: '301' });
    const [page] = await conferenceRecordings.page(h.deps.db, h.scope(), { from: new Date('2026-11-26T00:00:00Z'), to: new Date('2026-11-27T00:00:00Z') }, null, null, 10);
    // The harness's site is in America/Sao_Paulo (UTC-3).
    expect(page?.name).toBe(`2026-11-26_1000_room-301_${rec.id.slice(0, 8)}`);
    expect(page?.files.mp3?.size).toBe(rec.bytes.mp3.byteLength);
    expect(exportEntryPath('conference', page!, 'mp3')).toBe(`conference/2026-11/${page!.name}.mp3`);
  });

  it('counts and pages a period in start order, from inclusive, to exclusive', async () => {
    const a = await insertRecorded(h, { startedAt: year(2030, '-01-01T00:00:00Z') });
    const b = await insertRecorded(h, { startedAt: year(2030, '-06-01T00:00:00Z') });
    await insertRecorded(h, { startedAt: year(2031, '-01-01T00:00:00Z') });
    const period = { from: year(2030, '-01-01T00:00:00Z'), to: year(2031, '-01-01T00:00:00Z') };
    expect(await conferenceRecordings.count(h.deps.db, h.scope(), period, null)).toBe(2);
    const first = await conferenceRecordings.page(h.deps.db, h.scope(), period, null, null, 1);
    expect(first.map((r) => r.id)).toEqual([a.id]);
    const next = await conferenceRecordings.page(h.deps.db, h.scope(), period, null, { startedAt: first[0]!.startedAt, id: first[0]!.id }, 5);
    expect(next.map((r) => r.id)).toEqual([b.id]);
  });

  it('leaves out entries without a recording, and sessions nobody joined', async () => {
    const rec = await insertRecorded(h, { startedAt: year(2032) });
    const lonely = await insertRecorded(h, { startedAt: year(2032, '-03-11T13:00:00Z') });
    await h.deps.db.update(conferenceSessions).set({ recordingAudioId: null }).where(eq(conferenceSessions.id, rec.id));
    await h.deps.db.delete(conferenceParticipants).where(eq(conferenceParticipants.sessionId, lonely.id));
    expect(await conferenceRecordings.count(h.deps.db, h.scope(), { from: year(2032, '-01-01T00:00:00Z'), to: year(2033, '-01-01T00:00:00Z') }, null)).toBe(0);
  });

  it('shows a user without conference configuration only the rooms they scheduled, and a site-limited actor only their sites', async () => {
    const userId = await h.addUser({ email: `rec-owner-${Date.now()}@example.test` });
    const mine = await insertRecorded(h, { startedAt: year(2034), createdBy: userId });
    await insertRecorded(h, { startedAt: year(2034, '-03-11T13:00:00Z') });
    const period = { from: year(2034, '-01-01T00:00:00Z'), to: year(2035, '-01-01T00:00:00Z') };
    const user: Scope = { ...h.scope(), actor: { id: userId, name: 'u', kind: 'user' }, grants: { all: false, matrix: { vconference: ['view', 'export'] } }, userId };
    expect((await conferenceRecordings.page(h.deps.db, user, period, null, null, 10)).map((r) => r.id)).toEqual([mine.id]);
    const elsewhere: Scope = { ...h.scope(), siteIds: ['another-site'] };
    expect(await conferenceRecordings.count(h.deps.db, elsewhere, period, null)).toBe(0);
    expect(await conferenceRecordings.count(h.deps.db, h.scope(), period, 'another-site')).toBe(0);
  });

  it('removes the audio and its files but keeps the history entry and its participants', async () => {
    const rec = await insertRecorded(h, { startedAt: year(2036) });
    const [audio] = await h.deps.db.select().from(audioItems).where(eq(audioItems.id, rec.audioId));
    expect(await conferenceRecordings.remove(h.deps, h.scope(), [rec.id, 'unknown-id'])).toBe(1);
    const [session] = await h.deps.db.select().from(conferenceSessions).where(eq(conferenceSessions.id, rec.id));
    expect(session).toMatchObject({ recordingAudioId: null, recordingBytes: 0 });
    expect(await h.deps.db.select().from(conferenceParticipants).where(eq(conferenceParticipants.sessionId, rec.id))).toHaveLength(1);
    expect(await h.deps.db.select().from(audioItems).where(eq(audioItems.id, rec.audioId))).toHaveLength(0);
    expect(await h.deps.blobs!.head(audio!.files.wav.key)).toBeNull();
  });

  it("ignores ids another organization owns", async () => {
    const other = await h.addOrganization(`Other ${Date.now()}`, `other-${Date.now()}@example.test`);
    const rec = await insertRecorded(h, { startedAt: year(2037), orgId: other.orgId, siteId: other.siteId });
    expect(await conferenceRecordings.remove(h.deps, h.scope(), [rec.id])).toBe(0);
    const [session] = await h.deps.db.select().from(conferenceSessions).where(eq(conferenceSessions.id, rec.id));
    expect(session?.recordingAudioId).toBe(rec.audioId);
  });
});

describe('the registry and paths', () => {
  it('knows conference and calls, and answers 404 for anything else', () => {
    expect(recordingSet('conference')).toBe(conferenceRecordings);
    expect(recordingSet('calls')).toBe(RECORDING_SETS.calls);
    expect(RECORDING_SETS.calls?.module).toBe('calls');
    expect(() => recordingSet('toString')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('puts bucket objects under a cleaned prefix', () => {
    expect(bucketKey('', 'conference/2026-11/a.mp3')).toBe('conference/2026-11/a.mp3');
    expect(bucketKey('backups//ramal/', 'conference/2026-11/a.mp3')).toBe('backups/ramal/conference/2026-11/a.mp3');
  });
});
