import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { sites } from '../../../schema/index.js';
import { sipp } from '../sip/helpers/sipp.js';
import { startCentral, type Central } from '../spool/central-fixture.js';
import { spawnNode } from './node-process.js';
import { piecewiseCorrelation, sippSpeech, storedAudio, storedPcm } from './node-fixture.js';

describe('a media node killed with SIGKILL in the middle of a recording', () => {
  let central: Central;
  let spoolDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    central = await startCentral();
    await central.h.deps.db.update(sites).set({ sipAllowedAddresses: ['127.0.0.1'] }).where(eq(sites.id, central.h.org.siteId));
    spoolDir = await mkdtemp(join(tmpdir(), 'ramal-crash-spool-'));
    const first = 36000 + (process.pid % 20) * 100;
    env = {
      RAMAL_CENTRAL_URL: central.url, RAMAL_SITE_TOKEN: central.token, SIP_HOST: '127.0.0.1', SIP_PORT: '0',
      RTP_PORTS: `${first}-${first + 99}`, RAMAL_SPOOL_DIR: spoolDir, RAMAL_PROMPTS_DIR: join(spoolDir, 'no-prompts'),
    };
  });
  afterAll(async () => {
    await central?.close();
    if (spoolDir) await rm(spoolDir, { recursive: true, force: true });
  });

  it('uploads the audio it had recorded once it is started again', async () => {
    const first = await spawnNode(env);
    const call = await sipp({ scenario: '../media-node/e2e/scenarios/uac-audio-dtmf.xml', transport: 'udp', remotePort: first.sipPort, args: ['-s', 'rec'] });
    // Five seconds into the speech: the writer syncs every second, so about four are on disk.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    first.child.kill('SIGKILL');
    await first.exited;
    expect(await storedAudio(central, 1, 1500).catch(() => [])).toEqual([]);

    const second = await spawnNode(env);
    try {
      const [row] = await storedAudio(central, 1, 30_000);
      expect(row!.metadata).toMatchObject({ recovered: { reason: 'interrupted' }, dialled: 'rec' });
      expect(row!.durationMs).toBeGreaterThan(3000);
      expect(row!.durationMs).toBeLessThan(6000);
      const recorded = await storedPcm(central, row!.files.wav.key);
      expect(recorded.length).toBe((row!.durationMs * 8) | 0);
      // What was said in the first three seconds is there, intact.
      const match = piecewiseCorrelation(recorded, sippSpeech().slice(0, 3 * 8000));
      expect(match.median).toBeGreaterThan(0.95);
      expect(match.goodShare).toBeGreaterThan(0.8);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
      await call.done;
    }
  }, 90_000);
});
