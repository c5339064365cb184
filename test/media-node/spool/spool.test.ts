import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../media-node/log.js';
import { ItemManifestSchema, SpoolError, SpooledEventSchema } from '../../../media-node/spool/manifest.js';
import { Spool } from '../../../media-node/spool/spool.js';
import { decodeSpoolWav, WavFormatError } from '../../../media-node/spool/wav-file.js';
import { encodeWav } from '../../../media-node/codecs/wav.js';
import { testTone } from './central-fixture.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ramal-spool-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const manifestOf = async (id: string) => ItemManifestSchema.parse(JSON.parse(await readFile(join(dir, 'audio', id, 'item.json'), 'utf8')));

describe('putAudio', () => {
  it('has the WAV and a valid manifest under audio/<id> when it resolves', async () => {
    const spool = await Spool.open(dir, silentLogger);
    const pcm = testTone(1500);
    const { id } = await spool.putAudio({ kind: 'voicemail', startedAt: new Date('2026-01-02T03:04:05Z'), pcm, metadata: { mailbox: '2001' } });
    const manifest = await manifestOf(id);
    expect(manifest).toMatchObject({ id, kind: 'voicemail', state: 'complete', durationMs: 1500, channels: 1, metadata: { mailbox: '2001' }, startedAt: '2026-01-02T03:04:05.000Z' });
    const wav = decodeSpoolWav(new Uint8Array(await readFile(join(dir, 'audio', id, 'audio.wav'))));
    expect(wav).toHaveLength(1);
    expect(Array.from(wav[0]!)).toEqual(Array.from(pcm));
    expect(await readdir(join(dir, 'incoming'))).toEqual([]);
  });

  it('stores stereo interleaved and keeps the real duration', async () => {
    const spool = await Spool.open(dir, silentLogger);
    const left = testTone(400, 1);
    const right = testTone(400, 2);
    const { id } = await spool.putAudio({ kind: 'call-recording', startedAt: new Date(), pcm: [left, right], metadata: {} });
    const bytes = new Uint8Array(await readFile(join(dir, 'audio', id, 'audio.wav')));
    const samples = new DataView(bytes.buffer, bytes.byteOffset + 44);
    expect([0, 2, 4, 6].map((at) => samples.getInt16(at, true))).toEqual([left[0], right[0], left[1], right[1]]);
    expect(decodeSpoolWav(bytes).map((c) => Array.from(c))).toEqual([Array.from(left), Array.from(right)]);
    expect((await manifestOf(id)).durationMs).toBe(400);
  });

  it('is idempotent by id: a second put of the same id keeps the first audio', async () => {
    const spool = await Spool.open(dir, silentLogger);
    const id = crypto.randomUUID();
    await spool.putAudio({ id, kind: 'test', startedAt: new Date(), pcm: testTone(100) });
    await spool.putAudio({ id, kind: 'test', startedAt: new Date(), pcm: testTone(300) });
    expect((await manifestOf(id)).durationMs).toBe(100);
  });

  it('refuses a bad kind or three channels with a SpoolError BAD_INPUT and writes nothing', async () => {
    const spool = await Spool.open(dir, silentLogger);
    await expect(spool.putAudio({ kind: 'song' as 'test', startedAt: new Date(), pcm: testTone(20) })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(spool.putAudio({ kind: 'test', startedAt: new Date(), pcm: [testTone(20), testTone(20), testTone(20)] })).rejects.toBeInstanceOf(SpoolError);
    expect(await readdir(join(dir, 'audio'))).toEqual([]);
  });
});

describe('putEvent', () => {
  it('writes events/<id>.json before resolving, with a generated id and time', async () => {
    const spool = await Spool.open(dir, silentLogger);
    const { id } = await spool.putEvent({ type: 'call.ended', payload: { callId: 'x' } });
    const event = SpooledEventSchema.parse(JSON.parse(await readFile(join(dir, 'events', `${id}.json`), 'utf8')));
    expect(event).toMatchObject({ id, type: 'call.ended', payload: { callId: 'x' } });
    expect((await spool.listEvents()).map((e) => e.id)).toEqual([id]);
  });
});

describe('open after a crash', () => {
  it('removes torn temp files and never-acknowledged incoming items', async () => {
    await mkdir(join(dir, 'incoming', 'half'), { recursive: true });
    await writeFile(join(dir, 'incoming', 'half', 'audio.wav'), new Uint8Array(1000));
    await writeFile(join(dir, 'incoming', '.x.abcd.tmp'), 'torn');
    await mkdir(join(dir, 'events'), { recursive: true });
    await writeFile(join(dir, 'events', '.e.json.1234.tmp'), '{"id":');
    const spool = await Spool.open(dir, silentLogger);
    expect(await readdir(join(dir, 'incoming'))).toEqual([]);
    expect(await readdir(join(dir, 'events'))).toEqual([]);
    expect((await spool.stats()).itemsPending).toBe(0);
  });

  it('moves a complete item that a crash left in incoming/ (manifest written, rename not done)', async () => {
    const first = await Spool.open(dir, silentLogger);
    const { id } = await first.putAudio({ kind: 'test', startedAt: new Date(), pcm: testTone(200) });
    // Put it back where it was just before the final rename.
    await (await import('node:fs/promises')).rename(join(dir, 'audio', id), join(dir, 'incoming', id));
    await Spool.open(dir, silentLogger);
    expect((await manifestOf(id)).durationMs).toBe(200);
    expect(await readdir(join(dir, 'incoming'))).toEqual([]);
  });

  it('clears trash/ left by an interrupted delete', async () => {
    await mkdir(join(dir, 'trash', 'gone'), { recursive: true });
    await writeFile(join(dir, 'trash', 'gone', 'audio.wav'), 'x');
    await Spool.open(dir, silentLogger);
    expect(await readdir(join(dir, 'trash'))).toEqual([]);
  });
});

describe('streaming writer', () => {
  it('appends frames and finishes as a complete item with the written duration', async () => {
    const spool = await Spool.open(dir, silentLogger);
    const writer = await spool.beginAudio({ kind: 'call-recording', startedAt: new Date(), channels: 2, metadata: { callId: 'c1' } });
    const a = testTone(2000, 3);
    const b = testTone(2000, 4);
    for (let at = 0; at < a.length; at += 160) writer.write([a.subarray(at, at + 160), b.subarray(at, at + 160)]);
    expect((await spool.stats()).recording).toBe(1);
    const done = await writer.finish({ endedBy: 'caller' });
    expect(done.durationMs).toBe(2000);
    const manifest = await manifestOf(writer.id);
    expect(manifest).toMatchObject({ state: 'complete', durationMs: 2000, channels: 2, metadata: { callId: 'c1', endedBy: 'caller' } });
    const wav = decodeSpoolWav(new Uint8Array(await readFile(join(dir, 'audio', writer.id, 'audio.wav'))));
    expect(wav).toEqual([a, b]);
    expect(() => writer.write([a, b])).toThrow(SpoolError);
  });

  it('abort drops the recording entirely', async () => {
    const spool = await Spool.open(dir, silentLogger);
    const writer = await spool.beginAudio({ kind: 'voicemail', startedAt: new Date() });
    writer.write(testTone(20));
    await writer.abort();
    expect(await readdir(join(dir, 'incoming'))).toEqual([]);
    expect(await readdir(join(dir, 'audio'))).toEqual([]);
  });

  it('refuses a frame with the wrong channel count', async () => {
    const spool = await Spool.open(dir, silentLogger);
    const writer = await spool.beginAudio({ kind: 'voicemail', startedAt: new Date(), channels: 2 });
    expect(() => writer.write(testTone(20))).toThrow(/expected 2 channel/);
    await writer.abort();
  });

  it('a recording abandoned without finish is recovered at the next open with its true duration', async () => {
    const spool = await Spool.open(dir, silentLogger);
    const writer = await spool.beginAudio({ kind: 'call-recording', startedAt: new Date(), syncIntervalMs: 10 });
    const pcm = testTone(700);
    for (let at = 0; at < pcm.length; at += 160) writer.write(pcm.subarray(at, at + 160));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const reopened = await Spool.open(dir, silentLogger);
    const manifest = await reopened.readItem(writer.id);
    expect(manifest.durationMs).toBe(700);
    expect(manifest.metadata.recovered).toMatchObject({ reason: 'interrupted', durationMs: 700 });
    expect((await stat(join(dir, 'audio', writer.id, 'audio.wav'))).size).toBe(44 + 700 * 16);
  });
});

describe('stats', () => {
  it('counts pending items, bytes, events and age', async () => {
    const spool = await Spool.open(dir, silentLogger);
    await spool.putAudio({ kind: 'test', startedAt: new Date(), pcm: testTone(1000) });
    await spool.putEvent({ type: 'test.event', payload: {} });
    const stats = await spool.stats();
    expect(stats).toMatchObject({ itemsPending: 1, eventsPending: 1, itemsRejected: 0, recording: 0 });
    expect(stats.bytesPending).toBeGreaterThan(16_000);
    expect(stats.oldestAgeMs).toBeGreaterThanOrEqual(0);
  });
});

describe('decodeSpoolWav', () => {
  it('refuses a WAV the spool would not have written (16 kHz)', () => {
    expect(() => decodeSpoolWav(encodeWav(testTone(100, 1), 16000))).toThrow(WavFormatError);
  });

  it('refuses bytes that are not a WAV at all', () => {
    expect(() => decodeSpoolWav(new Uint8Array(64))).toThrow(WavFormatError);
  });

  it('refuses a WAV whose header passes but whose chunks are broken', () => {
    const bytes = encodeWav(testTone(100, 1), 8000);
    bytes.set([0x78, 0x78, 0x78, 0x78], 36); // the data chunk loses its name
    expect(() => decodeSpoolWav(bytes)).toThrow(WavFormatError);
  });
});
