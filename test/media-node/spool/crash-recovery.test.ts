import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { audioItems } from '../../../schema/index.js';
import { silentLogger } from '../../../media-node/log.js';
import { Spool } from '../../../media-node/spool/spool.js';
import { startUploader } from '../../../media-node/spool/uploader.js';
import { realEncoders, startCentral, until, type Central } from './central-fixture.js';

let central: Central;
let dir: string;
const encoders = realEncoders();

beforeAll(async () => {
  central = await startCentral();
  dir = await mkdtemp(join(tmpdir(), 'ramal-spool-crash-'));
});
afterAll(async () => {
  await encoders.close();
  await central.close();
  await rm(dir, { recursive: true, force: true });
});

function recordThenCrash(frames: number): Promise<{ id: string; written: number; signal: NodeJS.Signals | null }> {
  const script = fileURLToPath(new URL('./fixtures/record-then-sigkill.ts', import.meta.url));
  const child = spawn('npx', ['tsx', script, dir, String(frames)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      const id = /ID (\S+)/.exec(out)?.[1];
      const written = Number(/FRAMES (\d+)/.exec(out)?.[1]);
      if (!id || !written) reject(new Error(`child output: ${out}`));
      else resolve({ id, written, signal });
    });
  });
}

it('a recording killed with SIGKILL mid-way is recovered at the next open and uploads with its true duration', async () => {
  const { id, written, signal } = await recordThenCrash(75); // 1.5 s
  // npx forwards the child's death as its own exit; what matters is that finish() never ran.
  expect(signal === 'SIGKILL' || signal === null).toBe(true);
  expect(await readdir(join(dir, 'incoming'))).toEqual([id]);

  const spool = await Spool.open(dir, silentLogger);
  const manifest = await spool.readItem(id);
  // Frames still queued in memory at the kill may be lost (at most a few); everything written survives.
  expect(manifest.durationMs).toBeLessThanOrEqual(written * 20);
  expect(manifest.durationMs).toBeGreaterThanOrEqual(written * 20 - 100);
  expect(manifest.metadata).toMatchObject({ callId: 'crash-test', recovered: { reason: 'interrupted', durationMs: manifest.durationMs } });

  const uploader = startUploader({ spool, client: central.client(), encoders, log: silentLogger, retryBaseMs: 50 });
  try {
    await until(async () => (await spool.stats()).itemsPending === 0, 20_000, 'upload');
  } finally {
    await uploader.stop();
  }
  const [row] = await central.h.deps.db.select().from(audioItems).where(eq(audioItems.id, id));
  expect(row).toMatchObject({ kind: 'call-recording', durationMs: manifest.durationMs });
  expect(row!.metadata).toMatchObject({ recovered: { reason: 'interrupted' }, channels: 2 });
});
