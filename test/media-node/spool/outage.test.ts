import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audioItems } from '../../../schema/index.js';
import { silentLogger } from '../../../media-node/log.js';
import { Spool } from '../../../media-node/spool/spool.js';
import { startUploader, type Uploader } from '../../../media-node/spool/uploader.js';
import { startLocalS3 } from '../../helpers/s3rver.js';
import { capturingLogger, realEncoders, startCentral, testTone, until, type Central } from './central-fixture.js';

let dir: string;
let uploader: Uploader | null = null;
const cleanups: (() => Promise<void>)[] = [];
const encoders = realEncoders();

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ramal-spool-outage-'));
});
afterEach(async () => {
  await uploader?.stop();
  uploader = null;
  for (const clean of cleanups.splice(0).reverse()) await clean();
  await rm(dir, { recursive: true, force: true });
});

const rowCount = async (central: Central, id: string) => (await central.h.deps.db.select().from(audioItems).where(eq(audioItems.id, id))).length;

describe('outages', () => {
  it('central app down (connection refused): the item stays, retries back off, then it uploads once the app is up', async () => {
    const central = await startCentral({ startDown: true });
    cleanups.push(central.close);
    const spool = await Spool.open(dir, silentLogger);
    const { id } = await spool.putAudio({ kind: 'voicemail', startedAt: new Date(), pcm: testTone(800) });
    const log = capturingLogger();
    uploader = startUploader({ spool, client: central.client(), encoders, log, retryBaseMs: 40, retryCapMs: 400 });
    await until(() => (uploader!.backlog().get(id)?.attempt ?? 0) >= 6, 20_000, 'six failed attempts');
    expect(uploader.backlog().get(id)!.lastError).toMatch(/ECONNREFUSED|fetch failed/);
    expect(await readdir(join(dir, 'audio'))).toEqual([id]);
    expect((await readdir(join(dir, 'audio', id))).sort()).toEqual(['audio.gsm', 'audio.mp3', 'audio.wav', 'item.json']);
    // Attempt n waits between half and all of min(cap, base·2^(n-1)): 20–40, 40–80, 80–160, 160–320, 200–400 ms.
    const waits = log.entries.filter((e) => e.message === 'audio upload failed, will retry').map((e) => e.fields.retryInMs as number);
    waits.slice(0, 6).forEach((wait, n) => {
      const ceiling = Math.min(400, 40 * 2 ** n);
      expect(wait).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
      expect(wait).toBeLessThanOrEqual(ceiling);
    });
    await central.up();
    await until(async () => (await spool.stats()).itemsPending === 0, 20_000, 'upload after recovery');
    expect(await rowCount(central, id)).toBe(1);
  });

  it('S3 endpoint stopped mid-way: uploads fail and wait, then complete when it is back; objects land in the bucket', async () => {
    const s3 = await startLocalS3();
    cleanups.push(s3.close);
    const central = await startCentral({ env: { RAMAL_STORAGE: 's3', S3_ENDPOINT: s3.endpoint, S3_BUCKET: 'ramal-node', S3_ACCESS_KEY: s3.accessKey, S3_SECRET_KEY: s3.secretKey } });
    cleanups.push(central.close);
    const spool = await Spool.open(dir, silentLogger);
    uploader = startUploader({ spool, client: central.client(), encoders, log: silentLogger, retryBaseMs: 40, retryCapMs: 400 });
    const first = await spool.putAudio({ kind: 'call-recording', startedAt: new Date(), pcm: [testTone(600, 1), testTone(600, 2)] });
    await until(async () => (await rowCount(central, first.id)) === 1, 20_000, 'first upload');

    await s3.stop();
    const second = await spool.putAudio({ kind: 'call-recording', startedAt: new Date(), pcm: [testTone(900, 3), testTone(900, 4)] });
    await until(() => (uploader!.backlog().get(second.id)?.attempt ?? 0) >= 2, 20_000, 'failed attempts while S3 is down');
    expect(await readdir(join(dir, 'audio'))).toEqual([second.id]);
    expect(await rowCount(central, second.id)).toBe(0);

    await s3.start();
    await until(async () => (await spool.stats()).itemsPending === 0, 30_000, 'upload after S3 is back');
    const [row] = await central.h.deps.db.select().from(audioItems).where(eq(audioItems.id, second.id));
    const files = row!.files as Record<'wav' | 'gsm' | 'mp3', { key: string; size: number }>;
    for (const file of Object.values(files)) expect((await central.h.deps.blobs!.head(file.key))?.size).toBe(file.size);
    const stored = await central.h.deps.blobs!.get(files.wav.key);
    expect((await new Response(stored).arrayBuffer()).byteLength).toBe(44 + 900 * 32);
  });

  it('stop() while the central app is down returns promptly and leaves the item for the next start', async () => {
    const central = await startCentral({ startDown: true });
    cleanups.push(central.close);
    const spool = await Spool.open(dir, silentLogger);
    const { id } = await spool.putAudio({ kind: 'test', startedAt: new Date(), pcm: testTone(200) });
    const first = startUploader({ spool, client: central.client(), encoders, log: silentLogger, retryBaseMs: 10_000 });
    await until(() => first.backlog().has(id), 20_000, 'first attempt');
    const started = Date.now();
    await first.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    await central.up();
    const reopened = await Spool.open(dir, silentLogger);
    uploader = startUploader({ spool: reopened, client: central.client(), encoders, log: silentLogger });
    await until(async () => (await reopened.stats()).itemsPending === 0, 20_000, 'upload after restart');
    expect(await rowCount(central, id)).toBe(1);
  });
});
