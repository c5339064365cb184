import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../../helpers/free-port.js';

export const SCENARIOS = join(import.meta.dirname, '..', '..', '..', 'sip');

export interface SippRun {
  code: number | null;
  output: string;
  errors: string;
}

export interface SippProcess {
  port: number;
  /** sipp's working directory (its -trace_logs files), removed when it ends. */
  dir: string;
  done: Promise<SippRun>;
}

/**
 * Runs one sipp call (`-m 1 -timeout 20s -trace_err`) in a temporary directory that is removed
 * afterwards. `scenario` is a file under test/sip/ (or a path relative to it, or absolute);
 * `remotePort` is omitted for a UAS scenario. The run's error log comes back for assertions.
 */
export async function sipp(options: { scenario?: string; builtin?: 'uas' | 'uac'; transport: 'udp' | 'tcp'; remotePort?: number; args?: string[] }): Promise<SippProcess> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'ramal-sipp-'));
  const args = [
    ...(options.scenario ? ['-sf', resolve(SCENARIOS, options.scenario)] : ['-sn', options.builtin ?? 'uac']),
    '-m', '1', '-timeout', '20s', '-timeout_error', '-trace_err', '-nostdin',
    '-i', '127.0.0.1', '-p', String(port), '-mp', String(await freePort()),
    '-t', options.transport === 'tcp' ? 't1' : 'u1',
    ...(options.args ?? []),
    ...(options.remotePort === undefined ? [] : [`127.0.0.1:${options.remotePort}`]),
  ];
  const child = spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const done = new Promise<SippRun>((resolve) => {
    child.on('close', async (code) => {
      let errors = '';
      for (const file of await readdir(dir)) if (file.endsWith('errors.log')) errors += await readFile(join(dir, file), 'utf8');
      await rm(dir, { recursive: true, force: true });
      resolve({ code, output, errors });
    });
  });
  return { port, dir, done };
}
