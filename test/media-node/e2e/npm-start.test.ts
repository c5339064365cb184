import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../helpers/free-port.js';
import { sipp } from '../sip/helpers/sipp.js';
import { until } from '../spool/central-fixture.js';

const ENTRY = join(import.meta.dirname, '..', '..', '..', 'functions', 'node.ts');

describe('npm start on the embedded defaults', () => {
  let dir: string;
  let output = '';
  let sipPort: number;
  let child: ReturnType<typeof spawn>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ramal-start-'));
    sipPort = await freePort();
    const rtp = 38000 + (process.pid % 20) * 50;
    child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
      env: {
        ...process.env, RAMAL_DATA_DIR: dir, PORT: String(await freePort()), HOST: '127.0.0.1', RAMAL_KDF_COST: '10',
        SIP_PORT: String(sipPort), RTP_PORTS: `${rtp}-${rtp + 49}`, RAMAL_PROMPTS_AUTOGENERATE: 'off',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await until(() => output.includes('"media node ready"'), 30_000, `the local media node:\n${output}`);
  }, 40_000);

  afterAll(async () => {
    if (child?.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('starts a media node with a site token it provisioned and keeps only for its owner', async () => {
    const token = await stat(join(dir, 'media-node.token'));
    expect(token.mode & 0o777).toBe(0o600);
  });

  it('makes the export folder in the data folder, so an export to the node works at once', async () => {
    expect((await stat(join(dir, 'exports'))).isDirectory()).toBe(true);
  });

  it('answers SIP on the configured port', async () => {
    const run = await sipp({ scenario: 'uac-options.xml', transport: 'udp', remotePort: sipPort });
    const result = await run.done;
    expect(result.code, result.output).toBe(0);
  });

  it('feeds the dashboard with the node’s heartbeat', async () => {
    const db = createClient({ url: `file:${join(dir, 'ramal.db')}` });
    try {
      await until(async () => Number((await db.execute('select count(*) as n from node_heartbeats')).rows[0]!.n) > 0, 15_000, 'a heartbeat');
    } finally {
      db.close();
    }
  });

  it('stops the media node with the central app', async () => {
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(output).not.toMatch(/restarting in/);
  });
});
