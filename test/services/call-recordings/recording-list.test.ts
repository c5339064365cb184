import { beforeAll, describe, expect, it } from 'vitest';
import { callRecordingNotes } from '../../../schema/index.js';
import { formatCallDuration, recordingListSpec } from '../../../functions/services/call-recordings/recording-list.js';
import type { RecordingFilter } from '../../../functions/services/call-recordings/recording-contract.js';
import { translator } from '../../../functions/i18n/index.js';
import { listPage } from '../../../functions/services/table/list-spec.js';
import { type Harness, useHarness } from '../../helpers/harness.js';
import { callsWorld } from './recordings-fixture.js';

let h: Harness;
let w: Awaited<ReturnType<typeof callsWorld>>;

useHarness((ready) => ({ h } = ready));
beforeAll(async () => {
  w = await callsWorld(h);
  const at = new Date('2026-03-20T10:00:00Z');
  await h.deps.db.insert(callRecordingNotes).values([
    { id: 'note-1', orgId: h.org.orgId, recordingId: w.recordings.bobMade.id, authorId: null, authorName: 'Ana', body: 'first', createdAt: at },
    { id: 'note-2', orgId: h.org.orgId, recordingId: w.recordings.bobMade.id, authorId: null, authorName: 'Ana', body: 'second', createdAt: at },
  ]);
});

const page = (filter: RecordingFilter = {}, q = '', sort?: string) => listPage(recordingListSpec(h.deps.db, h.scope(), filter), { q, sort, page: 1, pageSize: 100 });
const protocols = async (filter: RecordingFilter = {}, q = '') => (await page(filter, q)).items.map((r) => r.protocol).sort();

describe('the filters of the recordings table', () => {
  it('from is inclusive and to exclusive, on the start time', async () => {
    expect(await protocols({ from: '2026-03-12T15:30:00Z', to: '2026-03-14T12:00:00Z' })).toEqual([w.recordings.bobMade.protocol]);
    expect(await protocols({ from: '2026-03-12T15:30:00.001Z' })).toEqual([w.recordings.internal.protocol]);
  });

  it('takes instants with an offset', async () => {
    // 10:00 at UTC-3 is 13:00 UTC, the start of Alice's call.
    expect(await protocols({ from: '2026-03-10T10:00:00-03:00', to: '2026-03-10T10:00:01-03:00' })).toEqual([w.recordings.aliceReceived.protocol]);
  });

  it('extension finds every call an extension was on, not only as access', async () => {
    expect(await protocols({ extension: '2001' })).toEqual([w.recordings.aliceReceived.protocol, w.recordings.internal.protocol].sort());
    expect(await protocols({ extension: '200' })).toEqual([]);
  });

  it('number finds a part of an outside number, never an extension', async () => {
    expect(await protocols({ number: '98888' })).toEqual([w.recordings.aliceReceived.protocol]);
    expect(await protocols({ number: '2001' })).toEqual([]);
    expect(await protocols({ number: '%' })).toEqual([]);
  });

  it('type keeps made, received or internal calls', async () => {
    expect(await protocols({ type: 'made' })).toEqual([w.recordings.bobMade.protocol]);
    expect(await protocols({ type: 'received' })).toEqual([w.recordings.aliceReceived.protocol]);
    expect(await protocols({ type: 'internal' })).toEqual([w.recordings.internal.protocol]);
  });

  it('site keeps one site', async () => {
    expect(await protocols({ siteId: h.org.siteId })).toHaveLength(3);
    expect(await protocols({ siteId: 'no-such-site' })).toEqual([]);
  });

  it('the search box finds names and numbers, ignoring accents and case', async () => {
    expect(await protocols({}, 'MÁRIA')).toEqual([w.recordings.aliceReceived.protocol]);
    expect(await protocols({}, w.recordings.bobMade.protocol.toLowerCase())).toEqual([w.recordings.bobMade.protocol]);
  });
});

describe('rows, sort and export text', () => {
  it('is newest first and counts notes', async () => {
    const rows = (await page()).items;
    expect(rows.map((r) => r.protocol)).toEqual([w.recordings.internal.protocol, w.recordings.bobMade.protocol, w.recordings.aliceReceived.protocol]);
    expect(rows.find((r) => r.id === w.recordings.bobMade.id)).toMatchObject({ notes: 2, type: 'made', access: '2002', identification: '551133334444', durationMs: 3_725_000, timeZone: 'America/Sao_Paulo' });
  });

  it('sorts by duration, access and identification, and refuses an unknown column naming sort', async () => {
    expect((await page({}, '', '-duration')).items[0]!.id).toBe(w.recordings.bobMade.id);
    expect((await page({}, '', 'identification')).items.map((r) => r.identification)).toEqual(['', '551133334444', '5511988887777']);
    await expect(page({}, '', 'notes')).rejects.toMatchObject({ code: 'VALIDATION', fields: [{ field: 'sort' }] });
  });

  it("writes the manual's columns: date on the site's clock, translated type, duration", async () => {
    const spec = recordingListSpec(h.deps.db, h.scope());
    const row = (await page()).items.find((r) => r.id === w.recordings.bobMade.id)!;
    const ctx = { locale: 'pt-BR', timeZone: 'UTC', t: translator('pt-BR') };
    expect(spec.columns.map((c) => c.key)).toEqual(['start', 'protocol', 'type', 'access', 'identification', 'duration', 'notes']);
    // 15:30 UTC is 12:30 in São Paulo.
    expect(spec.columns.map((c) => c.text(row, ctx))).toEqual(['12/03/2026, 12:30', row.protocol, 'Realizada', '2002', '551133334444', '1:02:05', '2']);
  });

  it('formats durations as m:ss below an hour', () => {
    expect([formatCallDuration(0), formatCallDuration(65_400), formatCallDuration(3_600_000)]).toEqual(['0:00', '1:05', '1:00:00']);
  });
});
