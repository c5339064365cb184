import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNodeEnv } from '../../../media-node/config.js';
import { silentLogger } from '../../../media-node/log.js';
import { startMediaNode } from '../../../media-node/main.js';
import { insertRecorded } from '../../services/recording-maintenance/recordings-fixture.js';
import { startCentral, type Central } from '../spool/central-fixture.js';
import { exportRoot, filesUnder, finished, queueExport } from './jobs-fixture.js';

let central: Central;
let spoolDir: string;
beforeAll(async () => {
  central = await startCentral();
  spoolDir = await mkdtemp(join(tmpdir(), 'ramal-node-jobs-spool-'));
});
afterAll(async () => {
  await central.close();
  await rm(spoolDir, { recursive: true, force: true });
});

let serial = 0;
function startNode(env: Record<string, string>) {
  const first = 41000 + (process.pid % 50) * 40 + (serial++ % 2) * 20;
  return startMediaNode(
    parseNodeEnv({
      RAMAL_CENTRAL_URL: central.url, RAMAL_SITE_TOKEN: central.token, SIP_HOST: '127.0.0.1', SIP_PORT: '0', RTP_PORTS: `${first}-${first + 19}`,
      RAMAL_SPOOL_DIR: spoolDir, RAMAL_PROMPTS_DIR: join(spoolDir, 'prompts'), LOG_LEVEL: 'error', ...env,
    }),
    { log: silentLogger, generatePrompts: false, heartbeatMs: 60_000, jobPollMs: 100 },
  );
}

describe('the media node process', () => {
  it('defaults its export folder to exports/ beside the spool and prompts', () => {
    expect(parseNodeEnv({ RAMAL_CENTRAL_URL: 'http://central:3000', RAMAL_SITE_TOKEN: 'rml_x' }).RAMAL_NODE_EXPORT_DIR).toBe('./data/exports');
  });

  it('claims and carries out an export into RAMAL_NODE_EXPORT_DIR once started, and stops its poller on shutdown', async () => {
    const disk = await exportRoot();
    try {
      const rec = await insertRecorded(central.h, { startedAt: new Date('2026-11-26T13:00:00Z'), number: '310' });
      const id = await queueExport(central, { folder: 'from-node' });
      const node = await startNode({ RAMAL_NODE_EXPORT_DIR: disk.root });
      try {
        expect((await finished(central, id)).status).toBe('done');
      } finally {
        await node.stop();
      }
      const name = `from-node/conference/2026-11/2026-11-26_1000_room-310_${rec.id.slice(0, 8)}`;
      expect(await filesUnder(disk.root)).toEqual([`${name}.mp3`, `${name}.wav`]);
      expect(Buffer.from(await readFile(join(disk.root, `${name}.wav`))).equals(Buffer.from(rec.bytes.wav))).toBe(true);
    } finally {
      await disk.remove();
    }
  });

  it('with RAMAL_NODE_EXPORT_REQUIRE_MOUNT fails an export into a folder that is not a mounted disk, writing nothing', async () => {
    const disk = await exportRoot();
    try {
      await insertRecorded(central.h, { startedAt: new Date('2026-11-26T14:00:00Z'), number: '311' });
      const id = await queueExport(central, { folder: 'unplugged' });
      const node = await startNode({ RAMAL_NODE_EXPORT_DIR: disk.root, RAMAL_NODE_EXPORT_REQUIRE_MOUNT: 'true' });
      try {
        const job = await finished(central, id);
        expect(job.status).toBe('failed');
        expect(job.error).toContain('is not a mounted disk');
      } finally {
        await node.stop();
      }
      expect(await filesUnder(disk.root)).toEqual([]);
    } finally {
      await disk.remove();
    }
  });
});
