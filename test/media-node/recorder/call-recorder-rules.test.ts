import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callRecorderApp } from '../../../media-node/apps/call-recorder.js';
import type { CallContext, NodeConfig } from '../../../media-node/calls/call-application.js';
import { parseRecordingMetadata } from '../../../media-node/siprec/rs-metadata.js';
import { MetadataState } from '../../../media-node/siprec/metadata-state.js';
import { MemoryMedia } from '../ivr/memory-media.js';
import { RFC_FORM } from '../siprec/metadata-fixtures.js';
import { fakeLeg, frameOf, nodeConfig, recordingLog, tempSpool, tick } from './recorder-fixture.js';

let s: Awaited<ReturnType<typeof tempSpool>>;
beforeEach(async () => (s = await tempSpool()));
afterEach(() => s.close());

/** Runs one plain leg from `from` to `to`: 10 frames of audio, then the hang-up. */
async function plainCall(config: () => NodeConfig, from = '2001', to = '+551130001000', log = recordingLog()) {
  const app = callRecorderApp(s.spool, { config });
  const leg = fakeLeg({ callId: `c-${from}`, from, to, config: config(), log });
  const running = app.run(leg.context);
  for (let i = 0; i < 10; i++) leg.media.pushAudio(frameOf(1000));
  await tick();
  return { running, hangup: async () => (leg.hangup(), await running), log };
}

describe('the plain recording leg under the rules', () => {
  it('keeps a call when no rule applies', async () => {
    const call = await plainCall(() => nodeConfig());
    await call.hangup();
    const [item] = await s.items();
    expect(item?.manifest.metadata).toMatchObject({ from: '2001', to: '+551130001000' });
    expect(item?.channels[0]?.length).toBe(1600);
  });

  it('drops a call shorter than the minimum: no item, nothing in incoming, the reason logged', async () => {
    const call = await plainCall(() => nodeConfig({ minDurationMs: 60_000 }));
    await call.hangup();
    expect(await s.items()).toEqual([]);
    expect(await s.incoming()).toEqual([]);
    expect(call.log.lines.find((l) => l.msg === 'recording discarded by the rules')?.fields).toMatchObject({ reason: 'too-short' });
  });

  it('drops a call from an excluded extension', async () => {
    const call = await plainCall(() => nodeConfig({ excludedExtensions: ['2001'] }));
    await call.hangup();
    expect(await s.items()).toEqual([]);
    expect(await s.incoming()).toEqual([]);
    expect(call.log.lines.find((l) => l.msg === 'recording discarded by the rules')?.fields).toMatchObject({ reason: 'excluded' });
  });

  it('keeps a call between two extensions when only one is excluded and "any" is off', async () => {
    const call = await plainCall(() => nodeConfig({ excludedExtensions: ['2001'] }), '2001', '2002');
    await call.hangup();
    expect(await s.items()).toHaveLength(1);
  });

  it('drops that call when "discard if any excluded" is on', async () => {
    const call = await plainCall(() => nodeConfig({ excludedExtensions: ['2001'], discardIfAnyExcluded: true }), '2002', '2001');
    await call.hangup();
    expect(await s.items()).toEqual([]);
  });

  it('reads the rules when the call ends, not when it began', async () => {
    let config = nodeConfig();
    const call = await plainCall(() => config);
    config = nodeConfig({ excludedExtensions: ['2001'] });
    await call.hangup();
    expect(await s.items()).toEqual([]);
  });

  it('never logs the audio of a discarded call', async () => {
    const call = await plainCall(() => nodeConfig({ minDurationMs: 60_000 }));
    await call.hangup();
    expect(JSON.stringify(call.log.lines)).not.toMatch(/1000,1000/);
  });
});

describe('a SIPREC session under the rules', () => {
  function siprecContext(config: NodeConfig) {
    const left = new MemoryMedia();
    const right = new MemoryMedia();
    const metadata = new MetadataState();
    metadata.apply(parseRecordingMetadata(RFC_FORM));
    const leg = fakeLeg({ callId: 'siprec-1', from: 'src', to: 'srs', config });
    const recording = { streams: [{ label: '1', media: left }, { label: '2', media: right }], metadata, codecs: ['PCMA', 'PCMA'], quietLimit: () => 60 };
    return { context: { ...leg.context, recording } as unknown as CallContext, left, right, hangup: leg.hangup };
  }

  async function run(config: NodeConfig) {
    const t = siprecContext(config);
    const running = callRecorderApp(s.spool, { config: () => config }).run(t.context);
    for (let i = 0; i < 10; i++) (t.left.pushAudio(frameOf(1000)), t.right.pushAudio(frameOf(-1000)));
    await tick();
    t.hangup();
    await running;
  }

  it('keeps a session whose metadata names no excluded user', async () => {
    await run(nodeConfig({ excludedExtensions: ['2002'] }));
    const [item] = await s.items();
    expect(item?.channels).toHaveLength(2);
  });

  it('drops a session whose only internal participant (from the metadata) is excluded', async () => {
    await run(nodeConfig({ excludedExtensions: ['2001'] }));
    expect(await s.items()).toEqual([]);
    expect(await s.incoming()).toEqual([]);
  });

  it('drops a session shorter than the minimum', async () => {
    await run(nodeConfig({ minDurationMs: 60_000 }));
    expect(await s.items()).toEqual([]);
    expect(await s.incoming()).toEqual([]);
  });
});
