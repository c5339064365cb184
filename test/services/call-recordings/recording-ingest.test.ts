import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRecordingParticipants, callRecordings, events } from '../../../schema/index.js';
import { recordingProtocol } from '../../../functions/services/call-recordings/recording-protocol.js';
import { storedEventId } from '../../../functions/services/media-nodes/node-audio.js';
import { derivedId } from '../../../functions/services/voicemail/derived-id.js';
import { createHarness, type Harness } from '../../helpers/harness.js';
import { nodeClient, uploadAudioItem } from '../../helpers/node-client.js';
import type { TestClient } from '../../helpers/test-client.js';
import { depositCall, dispatchAll, participantsOf, plainLeg, recordingOf, userWithExtension } from './call-recording-fixture.js';

let h: Harness;
let node: TestClient;
let ana: string;
let bruno: string;

beforeAll(async () => {
  h = await createHarness();
  node = await nodeClient(h);
  ana = await userWithExtension(h, '2001', 'Ana Lima');
  bruno = await userWithExtension(h, '2003', 'Bruno Reis');
  await userWithExtension(h, '2002', 'Carla Dias');
});
afterAll(() => h.close());

const completedEvent = async (audioId: string) => (await h.deps.db.select().from(events).where(eq(events.id, await derivedId(`recording.completed:${audioId}`))))[0];

describe('a plain recording leg becomes a call recording', () => {
  it('an extension calling out is "made": access the extension, identification the number, protocol on the site calendar', async () => {
    // 01:30 UTC on the 27th is still the 26th in São Paulo, the site's zone.
    const meta = plainLeg('2001', '5511988887777', { fromName: 'Ana', endedAt: '2026-11-27T01:30:30.000Z' });
    const { id, files } = await depositCall(node, meta, { startedAt: '2026-11-27T01:30:00.000Z', durationMs: 30_000 });
    await dispatchAll(h);
    const rec = await recordingOf(h, id);
    expect(rec).toMatchObject({
      id, siteId: h.org.siteId, type: 'made', access: '2001', identification: '5511988887777', source: 'sip', callRef: meta.callId, channels: 1, durationMs: 30_000,
      startedAt: new Date('2026-11-27T01:30:00.000Z'), endedAt: new Date('2026-11-27T01:30:30.000Z'), audioBytes: files.wav.size + files.gsm.size + files.mp3.size,
      protocol: await recordingProtocol(id, new Date('2026-11-27T01:30:00.000Z'), 'America/Sao_Paulo'),
    });
    expect(rec!.protocol).toMatch(/^REC-20261126-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(rec!.searchText).toContain('ana');
    expect(rec!.searchText).toContain('5511988887777');
    const people = (await participantsOf(h, id)).map((p) => [p.number, p.name, p.internal, p.userId, p.channel]);
    expect(people).toEqual([
      ['2001', 'Ana', true, ana, 0],
      ['5511988887777', '', false, null, 0],
    ]);
  });

  it('an outside caller is "received"; the called extension is the access, named after its user when the leg gives no name', async () => {
    const { id } = await depositCall(node, plainLeg('5521977776666', '2002'));
    await dispatchAll(h);
    expect(await recordingOf(h, id)).toMatchObject({ type: 'received', access: '2002', identification: '5521977776666' });
    expect((await participantsOf(h, id)).find((p) => p.number === '2002')).toMatchObject({ internal: true, name: 'Carla Dias' });
  });

  it('extension to extension is "internal" with no identification; the dialled number stands in when To is only the recorder code', async () => {
    const { id } = await depositCall(node, plainLeg('2001', 'rec', { dialled: '2002' }));
    await dispatchAll(h);
    expect(await recordingOf(h, id)).toMatchObject({ type: 'internal', access: '2001', identification: '' });
    expect((await participantsOf(h, id)).map((p) => p.number).sort()).toEqual(['2001', '2002']);
  });

  it('announces recording.completed with the row\'s protocol, type and participants', async () => {
    const { id } = await depositCall(node, plainLeg('2001', '5511955554444'));
    await dispatchAll(h);
    const rec = await recordingOf(h, id);
    expect((await completedEvent(id))).toMatchObject({
      type: 'recording.completed', siteId: h.org.siteId,
      payload: { recordingId: id, protocol: rec!.protocol, type: 'made', access: '2001', identification: '5511955554444', durationMs: 30_000, startedAt: '2026-11-26T13:00:00.000Z' },
    });
    expect(((await completedEvent(id))!.payload as { participants: unknown[] }).participants).toHaveLength(2);
  });
});

describe('a SIPREC session becomes a call recording', () => {
  // What siprec-recorder.ts leaves after the sipp scenario: Ana talks to an outside number, then transfers to Bruno.
  const siprec = {
    callId: 'siprec-call-1', siprec: true, sessionId: 'cs-1', from: 'src', to: 'srs', dialled: 'srs', labels: ['1', '2'], channels: 2, endedAt: '2026-11-26T13:04:00.000Z',
    participants: [
      { id: 'ext', aor: 'sip:2001@pbx.test', number: '2001', name: 'Ana', joinedAt: '2026-11-26T13:00:00.000Z', leftAt: '2026-11-26T13:02:00.000Z', channel: 0 },
      { id: 'out', aor: 'tel:+551130001000', number: '', name: '', joinedAt: '2026-11-26T13:00:00.000Z', leftAt: null, channel: 1 },
      { id: 'new', aor: 'sip:2003@pbx.test', number: '2003', name: 'Bruno', joinedAt: '2026-11-26T13:02:00.000Z', leftAt: null, channel: 0 },
    ],
  };

  it('keeps the three participants of a transfer with their channels, times and users; the first caller decides the type', async () => {
    const { id } = await depositCall(node, siprec, { durationMs: 240_000 });
    await dispatchAll(h);
    expect(await recordingOf(h, id)).toMatchObject({ type: 'made', access: '2001', identification: '+551130001000', source: 'siprec', callRef: 'cs-1', channels: 2, endedAt: new Date('2026-11-26T13:04:00.000Z') });
    const people = (await participantsOf(h, id)).map((p) => [p.number, p.name, p.internal, p.userId, p.channel, p.joinedAt.toISOString(), p.leftAt?.toISOString() ?? null]);
    expect(people).toEqual([
      ['+551130001000', '', false, null, 1, '2026-11-26T13:00:00.000Z', null],
      ['2001', 'Ana', true, ana, 0, '2026-11-26T13:00:00.000Z', '2026-11-26T13:02:00.000Z'],
      ['2003', 'Bruno', true, bruno, 0, '2026-11-26T13:02:00.000Z', null],
    ]);
  });

  it('an outside party listed first makes the call "received"', async () => {
    const [ext, out] = siprec.participants;
    const { id } = await depositCall(node, { ...siprec, participants: [out, ext] });
    await dispatchAll(h);
    expect(await recordingOf(h, id)).toMatchObject({ type: 'received', access: '2001', identification: '+551130001000' });
  });
});

describe('idempotence and uniqueness', () => {
  it('a re-dispatched audio.stored writes nothing twice', async () => {
    const { id } = await depositCall(node, plainLeg('2001', '5511944443333'));
    await dispatchAll(h);
    const count = async () => [await h.deps.db.$count(callRecordings), await h.deps.db.$count(callRecordingParticipants), await h.deps.db.$count(events)];
    const before = await count();
    await h.deps.db.update(events).set({ dispatchedAt: null }).where(eq(events.id, await storedEventId(id)));
    await dispatchAll(h);
    expect(await count()).toEqual(before);
  });

  it('takes the next protocol when another recording already holds the first candidate', async () => {
    const { id } = await depositCall(node, plainLeg('2001', '5511933332222'), { startedAt: '2026-11-20T15:00:00.000Z' });
    const first = await recordingProtocol(id, new Date('2026-11-20T15:00:00.000Z'), 'America/Sao_Paulo');
    const at = new Date('2026-11-20T15:00:00.000Z');
    await h.deps.db.insert(callRecordings).values({
      id: 'holder', orgId: h.org.orgId, siteId: h.org.siteId, protocol: first, type: 'internal', startedAt: at, endedAt: at, durationMs: 0, source: 'sip', audioId: 'holder-audio', createdAt: at,
    });
    await dispatchAll(h);
    expect((await recordingOf(h, id))!.protocol).toBe(await recordingProtocol(id, at, 'America/Sao_Paulo', 1));
  });

  it('leaves other kinds of audio alone', async () => {
    const before = await h.deps.db.$count(callRecordings);
    await uploadAudioItem(node, { kind: 'voicemail', metadata: { mailbox: '2001', reason: 'busy', callerNumber: '5511900000000', callerName: '', callId: 'vm-1' } });
    await dispatchAll(h);
    expect(await h.deps.db.$count(callRecordings)).toBe(before);
  });

  it('skips a recording whose metadata it cannot read, and does not fail the dispatch', async () => {
    const { id } = await depositCall(node, { participants: 'not a list' });
    expect(await dispatchAll(h)).toBeGreaterThan(0);
    expect(await recordingOf(h, id)).toBeUndefined();
    expect((await h.deps.db.select().from(events).where(eq(events.id, await storedEventId(id))))[0]!.dispatchedAt).not.toBeNull();
  });
});
