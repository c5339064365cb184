import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeWav } from '../../../media-node/codecs/wav.js';
import { silentLogger } from '../../../media-node/log.js';
import { Spool } from '../../../media-node/spool/spool.js';
import { room, sine } from './fake-member.js';

/** The mix recorded into the node's real spool, as the conference app will do it. */
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ramal-mix-spool-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('recording a conference into the spool', () => {
  it('keeps every tick of the saturated mix as a finished conference-recording item', async () => {
    const spool = await Spool.open(dir, silentLogger);
    const { mixer, join: enter, step } = room();
    const a = enter('a');
    const b = enter('b');
    const writer = await spool.beginAudio({ kind: 'conference-recording', startedAt: new Date(), metadata: { roomId: 'room-1', sessionId: 'session-1' } });
    mixer.startRecording(writer);
    const signals = { a: sine(440, 20_000, 50), b: sine(660, 20_000, 50) };
    for (let at = 0; at < 50; at++) await step([a, b], signals, at);
    const sink = mixer.stopRecording();
    expect(sink).toBe(writer);
    const item = await writer.finish({ endedAt: new Date().toISOString() });
    expect(item.durationMs).toBe(1000);
    const [pcm] = decodeWav(new Uint8Array(await readFile(join(dir, 'audio', item.id, 'audio.wav')))).channels;
    expect(pcm).toHaveLength(50 * 160);
    // Frame by frame the saturated sum of what both said (the two sines exceed full scale together).
    for (const at of [0, 17, 49]) {
      for (const i of [0, 40, 159]) {
        const sum = signals.a[at]![i]! + signals.b[at]![i]!;
        expect(pcm![at * 160 + i]).toBe(Math.max(-32768, Math.min(32767, sum)));
      }
    }
    mixer.end();
  });
});
