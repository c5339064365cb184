import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { audioItems } from '../../../schema/index.js';
import { encodeGsm } from '../../../media-node/codecs/gsm/index.js';
import { encodeMp3 } from '../../../media-node/codecs/mp3.js';
import { toMono } from '../../../media-node/codecs/resample.js';
import { silentLogger } from '../../../media-node/log.js';
import { Spool } from '../../../media-node/spool/spool.js';
import { startUploader, type Uploader } from '../../../media-node/spool/uploader.js';
import { realEncoders, startCentral, testTone, until, type Central } from './central-fixture.js';

let central: Central;
let dir: string;
let uploader: Uploader | null = null;
const encoders = realEncoders();

beforeAll(async () => {
  central = await startCentral();
});
afterAll(async () => {
  await encoders.close();
  await central.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ramal-spool-'));
});
afterEach(async () => {
  await uploader?.stop();
  uploader = null;
  await rm(dir, { recursive: true, force: true });
});

async function objectBytes(key: string): Promise<Uint8Array> {
  const stream = await central.h.deps.blobs!.get(key);
  if (!stream) throw new Error(`no object ${key}`);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const rowOf = async (id: string) => (await central.h.deps.db.select().from(audioItems).where(eq(audioItems.id, id)))[0];

describe('uploads to the real central app (filesystem store)', () => {
  it('a mono voicemail: objects equal the spooled WAV and the GSM/MP3 encodes, the row exists, the spool is empty', async () => {
    const spool = await Spool.open(dir, silentLogger);
    const pcm = testTone(2000, 5);
    const { id } = await spool.putAudio({ kind: 'voicemail', startedAt: new Date('2026-03-01T10:00:00Z'), pcm, metadata: { mailbox: '2001' } });
    const wavOnDisk = new Uint8Array(await readFile(join(dir, 'audio', id, 'audio.wav')));
    uploader = startUploader({ spool, client: central.client(), encoders, log: silentLogger, retryBaseMs: 50 });
    await until(async () => (await spool.stats()).itemsPending === 0, 20_000, 'upload');
    const row = await rowOf(id);
    expect(row).toMatchObject({ kind: 'voicemail', durationMs: 2000, siteId: central.h.org.siteId });
    expect(row!.metadata).toMatchObject({ mailbox: '2001', channels: 1 });
    const files = row!.files as Record<'wav' | 'gsm' | 'mp3', { key: string; size: number }>;
    expect(files.wav.key).toBe(`org/${central.h.org.orgId}/site/${central.h.org.siteId}/audio/${id}/audio.wav`);
    expect(Buffer.from(await objectBytes(files.wav.key)).equals(Buffer.from(wavOnDisk))).toBe(true);
    expect(Buffer.from(await objectBytes(files.gsm.key)).equals(Buffer.from(encodeGsm(pcm)))).toBe(true);
    expect(Buffer.from(await objectBytes(files.mp3.key)).equals(Buffer.from(encodeMp3(pcm)))).toBe(true);
    expect(await readdir(join(dir, 'audio'))).toEqual([]);
    expect(await readdir(join(dir, 'trash'))).toEqual([]);
  });

  it('a stereo recording: WAV keeps both channels, GSM and MP3 get the mono mix', async () => {
    const spool = await Spool.open(dir, silentLogger);
    const left = testTone(1000, 7);
    const right = testTone(1000, 8);
    const { id } = await spool.putAudio({ kind: 'call-recording', startedAt: new Date(), pcm: [left, right], metadata: {} });
    uploader = startUploader({ spool, client: central.client(), encoders, log: silentLogger, retryBaseMs: 50 });
    await until(async () => (await spool.stats()).itemsPending === 0, 20_000, 'upload');
    const files = (await rowOf(id))!.files as Record<'wav' | 'gsm' | 'mp3', { key: string }>;
    const mono = toMono([left, right]);
    expect(Buffer.from(await objectBytes(files.gsm.key)).equals(Buffer.from(encodeGsm(mono)))).toBe(true);
    expect(Buffer.from(await objectBytes(files.mp3.key)).equals(Buffer.from(encodeMp3(mono)))).toBe(true);
    expect((await objectBytes(files.wav.key)).byteLength).toBe(44 + 1000 * 8 * 2 * 2);
  });

  it('several items with concurrency 3 all arrive, each once', async () => {
    const spool = await Spool.open(dir, silentLogger);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await spool.putAudio({ kind: 'test', startedAt: new Date(), pcm: testTone(300, i) })).id);
    uploader = startUploader({ spool, client: central.client(), encoders, log: silentLogger, concurrency: 3, retryBaseMs: 50 });
    await until(async () => (await spool.stats()).itemsPending === 0, 30_000, 'uploads');
    for (const id of ids) expect(await rowOf(id)).toBeDefined();
  });

  it('a crash between the uploads and POST /audio redoes harmless steps: same row, no duplicate', async () => {
    const spool = await Spool.open(dir, silentLogger);
    const { id } = await spool.putAudio({ kind: 'test', startedAt: new Date(), pcm: testTone(500, 9) });
    // Simulate the state after a crash: files uploaded and recorded in the manifest, /audio never sent.
    const client = central.client();
    const { uploadItem } = await import('../../../media-node/spool/item-upload.js');
    const failingAudio = { ...client, postAudio: async () => { throw new Error('power cut'); } };
    await expect(uploadItem({ spool, client: failingAudio, encoders, log: silentLogger, stopping: () => false }, id)).rejects.toThrow(/power cut/);
    const manifest = await spool.readItem(id);
    expect(Object.values(manifest.files).every((f) => f?.key)).toBe(true);
    uploader = startUploader({ spool, client, encoders, log: silentLogger, retryBaseMs: 50 });
    await until(async () => (await spool.stats()).itemsPending === 0, 20_000, 'upload');
    expect((await central.h.deps.db.select().from(audioItems).where(eq(audioItems.id, id))).length).toBe(1);
  });

  it('a 400 from the central app (metadata too large) moves the item to rejected/ and deletes nothing', async () => {
    const spool = await Spool.open(dir, silentLogger);
    const { id } = await spool.putAudio({ kind: 'test', startedAt: new Date(), pcm: testTone(200), metadata: { notes: 'x'.repeat(20_000) } });
    uploader = startUploader({ spool, client: central.client(), encoders, log: silentLogger, retryBaseMs: 50 });
    await until(async () => (await spool.stats()).itemsRejected === 1, 20_000, 'rejection');
    const kept = await readdir(join(dir, 'rejected', id));
    expect(kept.sort()).toEqual(['audio.gsm', 'audio.mp3', 'audio.wav', 'item.json']);
    const manifest = JSON.parse(await readFile(join(dir, 'rejected', id, 'item.json'), 'utf8'));
    expect(manifest.rejected).toMatchObject({ step: 'audio', status: 400 });
    expect(await rowOf(id)).toBeUndefined();
  });

  it('an object lost from storage before POST /audio is uploaded again (the 400 names files.wav), then the row is stored', async () => {
    const spool = await Spool.open(dir, silentLogger);
    const { id } = await spool.putAudio({ kind: 'test', startedAt: new Date(), pcm: testTone(400, 11) });
    const client = central.client();
    const { uploadItem } = await import('../../../media-node/spool/item-upload.js');
    const failingAudio = { ...client, postAudio: async () => { throw new Error('power cut'); } };
    await expect(uploadItem({ spool, client: failingAudio, encoders, log: silentLogger, stopping: () => false }, id)).rejects.toThrow(/power cut/);
    const wavKey = (await spool.readItem(id)).files.wav!.key!;
    await central.h.deps.blobs!.delete(wavKey);
    uploader = startUploader({ spool, client, encoders, log: silentLogger, retryBaseMs: 20 });
    await until(async () => (await spool.stats()).itemsPending === 0, 20_000, 'upload');
    expect(await rowOf(id)).toBeDefined();
    expect((await central.h.deps.blobs!.head(wavKey))?.size).toBe(44 + 400 * 16);
  });

  it('a wrong or revoked site token (401) never rejects audio: it waits in audio/ for the fix', async () => {
    const spool = await Spool.open(dir, silentLogger);
    const { id } = await spool.putAudio({ kind: 'test', startedAt: new Date(), pcm: testTone(200) });
    const { createCentralClient } = await import('../../../media-node/central/client.js');
    const wrong = createCentralClient({ baseUrl: central.url, token: 'rml_not-a-token', log: silentLogger, retries: 0 });
    uploader = startUploader({ spool, client: wrong, encoders, log: silentLogger, retryBaseMs: 20, retryCapMs: 100 });
    await until(() => (uploader!.backlog().get(id)?.attempt ?? 0) >= 3, 20_000, 'three refused attempts');
    expect(await readdir(join(dir, 'audio'))).toEqual([id]);
    expect((await spool.stats()).itemsRejected).toBe(0);
  });

  it('an item whose manifest is corrupt, or whose WAV is damaged, is set aside in rejected/ with its files, not retried forever', async () => {
    const spool = await Spool.open(dir, silentLogger);
    const a = await spool.putAudio({ kind: 'test', startedAt: new Date(), pcm: testTone(200) });
    const b = await spool.putAudio({ kind: 'test', startedAt: new Date(), pcm: testTone(200) });
    await writeFile(join(dir, 'audio', a.id, 'item.json'), '{"version":1,');
    await writeFile(join(dir, 'audio', b.id, 'audio.wav'), 'not a wav');
    uploader = startUploader({ spool, client: central.client(), encoders, log: silentLogger, retryBaseMs: 20 });
    await until(async () => (await spool.stats()).itemsRejected === 2, 10_000, 'both set aside');
    expect(await readdir(join(dir, 'rejected', a.id))).toContain('audio.wav');
    expect(JSON.parse(await readFile(join(dir, 'rejected', b.id, 'item.json'), 'utf8')).rejected.step).toBe('encode');
    expect(await readdir(join(dir, 'audio'))).toEqual([]);
  });
});
