import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callRecorderApp } from '../../../media-node/apps/call-recorder.js';
import type { NodeConfig } from '../../../media-node/calls/call-application.js';
import { LegPairs } from '../../../media-node/recorder/leg-pairs.js';
import { fakeLeg, frameOf, nodeConfig, recordingLog, tempSpool, tick } from './recorder-fixture.js';

let s: Awaited<ReturnType<typeof tempSpool>>;
beforeEach(async () => (s = await tempSpool()));
afterEach(() => s.close());

const JOIN = { 'X-Ramal-Recording-Id': 'call-42' };

function twoLegRecorder(config: () => NodeConfig = () => nodeConfig(), options: { partnerWaitMs?: number; joinHeader?: string } = {}) {
  const app = callRecorderApp(s.spool, { config, partnerWaitMs: options.partnerWaitMs ?? 5000, ...(options.joinHeader ? { joinHeader: options.joinHeader } : {}) });
  return (callId: string, from: string, to: string, headers: Record<string, string> = JOIN) => {
    const leg = fakeLeg({ callId, from, to, headers, config: config() });
    return { ...leg, running: app.run(leg.context) };
  };
}

describe('two recording legs with the same join header', () => {
  it('become one stereo item: the first leg left, the second right, frame for frame', async () => {
    const leg = twoLegRecorder();
    const a = leg('leg-a', '2001', '+551130001000');
    const b = leg('leg-b', '+551130001000', '2001');
    for (let i = 0; i < 50; i++) (a.media.pushAudio(frameOf(1000)), b.media.pushAudio(frameOf(-2000)));
    await tick();
    a.hangup();
    b.hangup();
    await Promise.all([a.running, b.running]);
    const items = await s.items();
    expect(items).toHaveLength(1);
    const [left, right] = items[0]!.channels;
    expect(left?.length).toBe(50 * 160);
    expect(left?.every((v) => v === 1000)).toBe(true);
    expect(right?.every((v) => v === -2000)).toBe(true);
  });

  it('carries both legs and the participants, each From on its own channel', async () => {
    const leg = twoLegRecorder();
    const a = leg('leg-a', '2001', '+551130001000');
    const b = leg('leg-b', '+551130001000', '2001');
    for (let i = 0; i < 5; i++) (a.media.pushAudio(frameOf(1)), b.media.pushAudio(frameOf(2)));
    await tick();
    a.hangup();
    b.hangup();
    await Promise.all([a.running, b.running]);
    const [item] = await s.items();
    const meta = item!.manifest.metadata as { joinId: string; legs: { callId: string; channel: number }[]; participants: { number: string; channel: number | null }[] };
    expect(meta.joinId).toBe('call-42');
    expect(item!.manifest.metadata.channels).toBe(2);
    expect(meta.legs.map((l) => [l.callId, l.channel])).toEqual([['leg-a', 0], ['leg-b', 1]]);
    expect(meta.participants.map((p) => [p.number, p.channel])).toEqual([['2001', 0], ['+551130001000', 1]]);
  });

  it('finishes only after both legs ended', async () => {
    const leg = twoLegRecorder();
    const a = leg('leg-a', '2001', '2002');
    const b = leg('leg-b', '2002', '2001');
    for (let i = 0; i < 5; i++) (a.media.pushAudio(frameOf(1)), b.media.pushAudio(frameOf(2)));
    a.hangup();
    await a.running;
    expect(await s.items()).toEqual([]);
    b.media.pushAudio(frameOf(2));
    b.hangup();
    await b.running;
    expect(await s.items()).toHaveLength(1);
  });

  it('a lone joined leg is kept once the partner wait runs out, the missing side silent', async () => {
    const leg = twoLegRecorder(() => nodeConfig(), { partnerWaitMs: 50 });
    const a = leg('leg-a', '2001', '2002');
    for (let i = 0; i < 10; i++) a.media.pushAudio(frameOf(700));
    await tick();
    a.hangup();
    await a.running;
    const [item] = await s.items();
    expect(item?.channels[0]?.every((v) => v === 700)).toBe(true);
    expect(item?.channels[1]?.every((v) => v === 0)).toBe(true);
  });

  it('a partner arriving within the wait after the first leg ended still joins the item', async () => {
    const leg = twoLegRecorder(() => nodeConfig(), { partnerWaitMs: 2000 });
    const a = leg('leg-a', '2001', '2002');
    for (let i = 0; i < 10; i++) a.media.pushAudio(frameOf(700));
    a.hangup();
    await tick();
    const b = leg('leg-b', '2002', '2001');
    for (let i = 0; i < 10; i++) b.media.pushAudio(frameOf(-700));
    b.hangup();
    await Promise.all([a.running, b.running]);
    const items = await s.items();
    expect(items).toHaveLength(1);
    expect(items[0]!.channels[1]?.some((v) => v === -700)).toBe(true);
  });

  it('legs with different join values stay apart', async () => {
    const leg = twoLegRecorder(() => nodeConfig(), { partnerWaitMs: 20 });
    const a = leg('leg-a', '2001', '2002', { 'X-Ramal-Recording-Id': 'one' });
    const b = leg('leg-b', '2002', '2001', { 'X-Ramal-Recording-Id': 'two' });
    for (let i = 0; i < 5; i++) (a.media.pushAudio(frameOf(1)), b.media.pushAudio(frameOf(2)));
    await tick();
    a.hangup();
    b.hangup();
    await Promise.all([a.running, b.running]);
    expect(await s.items()).toHaveLength(2);
  });

  it('uses the configured header name, and a leg without it stays mono', async () => {
    const leg = twoLegRecorder(() => nodeConfig(), { joinHeader: 'X-Pbx-Link' });
    const a = leg('leg-a', '2001', '2002', { 'X-Pbx-Link': 'k' });
    const b = leg('leg-b', '2002', '2001', { 'x-pbx-link': 'k' });
    const c = leg('leg-c', '2001', '2002', JOIN);
    for (let i = 0; i < 5; i++) (a.media.pushAudio(frameOf(1)), b.media.pushAudio(frameOf(2)), c.media.pushAudio(frameOf(3)));
    await tick();
    for (const l of [a, b, c]) l.hangup();
    await Promise.all([a.running, b.running, c.running]);
    const channels = (await s.items()).map((i) => i.channels.length).sort();
    expect(channels).toEqual([1, 2]);
  });

  it('discards the pair by the rules read when the last leg ends: nothing left in the spool', async () => {
    let config = nodeConfig();
    const leg = twoLegRecorder(() => config);
    const a = leg('leg-a', '2001', '+551130001000');
    const b = leg('leg-b', '+551130001000', '2001');
    for (let i = 0; i < 5; i++) (a.media.pushAudio(frameOf(1)), b.media.pushAudio(frameOf(2)));
    await tick();
    config = nodeConfig({ excludedExtensions: ['2001'] });
    a.hangup();
    b.hangup();
    await Promise.all([a.running, b.running]);
    expect(await s.items()).toEqual([]);
    expect(await s.incoming()).toEqual([]);
  });
});

describe('LegPairs', () => {
  const describeLeg = (callId: string) => ({ callId, from: { user: '2001', uri: 'sip:2001@pbx' }, to: { user: '2002', uri: 'sip:2002@pbx' }, dialled: 'rec', numbers: ['2001', '2002'] });

  it('refuses a third leg with the same join value', async () => {
    const pairs = new LegPairs({ spool: s.spool, log: recordingLog() });
    const legs = [pairs.join('x', describeLeg('a')), pairs.join('x', describeLeg('b'))];
    expect(legs.map((l) => l?.channel)).toEqual([0, 1]);
    expect(pairs.join('x', describeLeg('c'))).toBeNull();
    await Promise.all(legs.map((l) => l?.end({ digits: '', config: () => nodeConfig(), packetsIn: 1 })));
  });

  it('forgets a pair once settled, so the join value can be used again', async () => {
    const pairs = new LegPairs({ spool: s.spool, log: recordingLog(), partnerWaitMs: 10 });
    const a = pairs.join('x', describeLeg('a'))!;
    a.push(frameOf(5));
    await a.end({ digits: '', config: () => nodeConfig(), packetsIn: 1 });
    expect(pairs.pending).toEqual([]);
    const again = pairs.join('x', describeLeg('b'));
    expect(again?.channel).toBe(0);
    await again?.end({ digits: '', config: () => nodeConfig(), packetsIn: 1 });
  });
});
