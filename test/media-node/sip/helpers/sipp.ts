import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSipp } from '../../../helpers/sipp-spawn.js';

export const SCENARIOS = join(import.meta.dirname, '..', '..', '..', 'sip');

export interface SippRun {
  code: number | null;
  output: string;
  errors: string;
}

export interface SippProcess {
  /** sipp's SIP port now (a start retried after a port race moves it). */
  readonly port: number;
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
  const dir = await mkdtemp(join(tmpdir(), 'ramal-sipp-'));
  const child = await spawnSipp((ports) => [
    ...(options.scenario ? ['-sf', resolve(SCENARIOS, options.scenario)] : ['-sn', options.builtin ?? 'uac']),
    '-m', '1', '-timeout', '20s', '-timeout_error', '-trace_err', '-nostdin',
    '-i', '127.0.0.1', '-p', String(ports.sip), '-mp', String(ports.media),
    '-t', options.transport === 'tcp' ? 't1' : 'u1',
    ...(options.args ?? []),
    ...(options.remotePort === undefined ? [] : [`127.0.0.1:${options.remotePort}`]),
  ], dir);
  const done = child.closed.then(async ({ code, output }) => {
    let errors = '';
    for (const file of await readdir(dir)) if (file.endsWith('errors.log')) errors += await readFile(join(dir, file), 'utf8');
    await rm(dir, { recursive: true, force: true });
    return { code, output, errors };
  });
  return {
    get port() {
      return child.ports.sip;
    },
    dir, done,
  };
}
