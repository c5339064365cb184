import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeHeartbeats } from '../../../schema/index.js';
import { createCentralClient } from '../../../media-node/central/client.js';
import { sampleHealth, startHeartbeat } from '../../../media-node/central/heartbeat.js';
import { silentLogger } from '../../../media-node/log.js';
import { freePort } from '../../helpers/free-port.js';
import { capturingLogger, startCentral, until, type Central } from '../spool/central-fixture.js';

let central: Central;
let dir: string;

beforeAll(async () => {
  central = await startCentral();
  dir = await mkdtemp(join(tmpdir(), 'ramal-heartbeat-'));
});
afterAll(async () => {
  await central.close();
  await rm(dir, { recursive: true, force: true });
});

const rows = () => central.h.deps.db.select().from(nodeHeartbeats).where(eq(nodeHeartbeats.siteId, central.h.org.siteId));

describe('heartbeat', () => {
  it('the central app records it for the site: version, active calls, memory and the spool disk', async () => {
    const beat = startHeartbeat({ client: central.client(), spoolDir: dir, version: '0.1.0-test', activeCalls: () => 7, log: silentLogger, intervalMs: 60_000 });
    try {
      await until(async () => (await rows()).length === 1, 10_000, 'heartbeat row');
    } finally {
      beat.stop();
    }
    const [row] = await rows();
    expect(row).toMatchObject({ version: '0.1.0-test', activeCalls: 7, orgId: central.h.org.orgId });
    expect(row!.diskTotalBytes).toBeGreaterThan(row!.diskUsedBytes);
    expect(row!.memoryTotalBytes).toBeGreaterThan(row!.memoryUsedBytes);
    expect(row!.cpuPercent).toBeGreaterThanOrEqual(0);
  });

  it('sends again every interval', async () => {
    const before = (await rows()).length;
    const beat = startHeartbeat({ client: central.client(), spoolDir: dir, version: '0.1.0-test', activeCalls: () => 0, log: silentLogger, intervalMs: 50 });
    try {
      await until(async () => (await rows()).length >= before + 3, 10_000, 'three heartbeats');
    } finally {
      beat.stop();
    }
  });

  it('samples CPU between beats as a percentage in range', async () => {
    let calls = 0;
    const cpu = () => (++calls, 12.5);
    const body = await sampleHealth({ spoolDir: dir, version: 'v', activeCalls: () => 2.7 }, cpu);
    expect(body).toMatchObject({ cpuPercent: 12.5, activeCalls: 2, version: 'v' });
    expect(calls).toBe(1);
  });

  it('a heartbeat to an unreachable central app is logged and reported false, not thrown', async () => {
    const log = capturingLogger();
    const client = createCentralClient({ baseUrl: `http://127.0.0.1:${await freePort()}`, token: central.token, log, retries: 0 });
    const beat = startHeartbeat({ client, spoolDir: dir, version: 'v', activeCalls: () => 0, log, intervalMs: 60_000 });
    try {
      expect(await beat.beat()).toBe(false);
      expect(log.entries.some((e) => e.message === 'heartbeat failed')).toBe(true);
    } finally {
      beat.stop();
    }
  });
});
