import { createSocket } from 'node:dgram';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnSipp, type SippPorts } from './sipp-spawn.js';

describe('spawnSipp', () => {
  it('starts sipp again on fresh ports when its SIP port was taken before it could bind, leaving no log of the failed start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ramal-sipp-spawn-'));
    const taken = createSocket('udp4');
    await new Promise<void>((resolve) => taken.bind(0, '127.0.0.1', () => resolve()));
    const attempts: SippPorts[] = [];
    try {
      // The first start is pointed at the held port; the retry uses the ports the helper chose.
      const child = await spawnSipp((ports) => {
        attempts.push(ports);
        const sip = attempts.length === 1 ? taken.address().port : ports.sip;
        return ['-sn', 'uas', '-i', '127.0.0.1', '-p', String(sip), '-mp', String(ports.media), '-t', 'u1', '-m', '1', '-timeout', '1s', '-trace_err', '-nostdin'];
      }, dir);
      const { output } = await child.closed;
      expect(attempts).toHaveLength(2);
      expect(output).not.toMatch(/Unable to bind/);
      expect(child.ports).toBe(attempts[1]);
      expect(await readdir(dir)).not.toContainEqual(expect.stringMatching(/errors\.log$/));
    } finally {
      taken.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('does not retry a run that failed for another reason', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ramal-sipp-spawn-'));
    let attempts = 0;
    try {
      const child = await spawnSipp((ports) => (attempts++, ['-sf', join(dir, 'missing.xml'), '-p', String(ports.sip), '-nostdin']), dir);
      expect((await child.closed).code).not.toBe(0);
      expect(attempts).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
