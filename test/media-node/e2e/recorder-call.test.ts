import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sipp } from '../sip/helpers/sipp.js';
import { bestCorrelation, piecewiseCorrelation, sippSpeech, startNodeUnderTest, storedAudio, storedPcm, type NodeUnderTest } from './node-fixture.js';

const SCENARIO = '../media-node/e2e/scenarios/uac-audio-dtmf.xml';

describe.each(['udp', 'tcp'] as const)('a sipp call to the recorder over %s', (transport) => {
  let t: NodeUnderTest;
  let rows: Awaited<ReturnType<typeof storedAudio>>;

  beforeAll(async () => {
    t = await startNodeUnderTest();
    const run = await sipp({ scenario: SCENARIO, transport, remotePort: t.node.sipPort, args: ['-s', 'rec'] });
    const result = await run.done;
    expect(result.code, `${result.output}\n${result.errors}`).toBe(0);
    rows = await storedAudio(t.central);
  }, 60_000);
  afterAll(() => t?.close());

  it('stores one call recording whose length matches the call', () => {
    expect(rows).toHaveLength(1);
    expect(rows[0]!.kind).toBe('call-recording');
    // 9 s of speech and pause, 4 digits with pauses, 1.5 s before BYE: about 14.5 s.
    expect(rows[0]!.durationMs).toBeGreaterThan(13_000);
    expect(rows[0]!.durationMs).toBeLessThan(17_000);
  });

  it('holds the speech sipp sent, sample for sample after G.711', async () => {
    const recorded = await storedPcm(t.central, rows[0]!.files.wav.key);
    const sent = sippSpeech();
    // The speech starts right after the answer: within the first second of the recording.
    expect(bestCorrelation(recorded, sent).lag).toBeLessThan(8000);
    const match = piecewiseCorrelation(recorded, sent);
    expect(match.median).toBeGreaterThan(0.95);
    expect(match.goodShare).toBeGreaterThan(0.8);
  });

  it('collected the RFC 4733 digits exactly once each', () => {
    expect(rows[0]!.metadata).toMatchObject({ digits: '123#', from: '2001', dialled: 'rec' });
  });

  it('left nothing in the spool once the central app confirmed the item', async () => {
    expect(await readdir(join(t.spoolDir, 'audio'))).toEqual([]);
  });
});

describe('a sipp call with a delayed offer (INVITE without SDP)', () => {
  let t: NodeUnderTest;
  afterAll(() => t?.close());

  it('is answered with our offer, takes the answer from the ACK and records the audio', async () => {
    t = await startNodeUnderTest();
    const run = await sipp({ scenario: '../media-node/e2e/scenarios/uac-delayed-offer.xml', transport: 'udp', remotePort: t.node.sipPort, args: ['-s', 'rec'] });
    const result = await run.done;
    expect(result.code, `${result.output}\n${result.errors}`).toBe(0);
    const [row] = await storedAudio(t.central);
    const match = piecewiseCorrelation(await storedPcm(t.central, row!.files.wav.key), sippSpeech());
    expect(match.median).toBeGreaterThan(0.95);
    expect(row!.metadata).toMatchObject({ digits: '123#' });
  }, 60_000);
});
