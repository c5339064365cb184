/**
 * sipp as the recording client of the SIPREC bench: one process places every call (`-l` = `-m` =
 * the call count) from a scenario under bench/media/scenarios/. Its -trace_logs file is followed
 * while it runs: a "ports" line hands a call's node RTP ports to the sender as soon as it is
 * answered, a "bye" line records when the call's BYE left, as wall-clock time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, open, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../test/helpers/free-port.js';

export const SCENARIOS = join(import.meta.dirname, 'scenarios');

export interface SippLoadOptions {
  scenario: 'siprec-bench-session.xml' | 'siprec-bench-plain.xml';
  sipPort: number;
  calls: number;
  /** New calls per second while the calls are placed. */
  rate: number;
  /** How long each call stays up after its ACK (the scenario's <pause/>). */
  holdMs: number;
  /** Request-URI user (sipp's [service]): the recorder code for plain legs. */
  service?: string;
  onPorts(callId: string, ports: number[]): void;
}

export interface SippLoadResult {
  code: number | null;
  /** Wall-clock ms (epoch) each call's BYE was sent, by Call-ID. */
  byeAt: Map<string, number>;
  output: string;
  errors: string;
}

export interface SippLoad {
  child: ChildProcess;
  done: Promise<SippLoadResult>;
}

const POLL_MS = 20;

export async function runSippLoad(options: SippLoadOptions): Promise<SippLoad> {
  const dir = await mkdtemp(join(tmpdir(), 'ramal-bench-sipp-'));
  const args = [
    '-sf', join(SCENARIOS, options.scenario), '-l', String(options.calls), '-m', String(options.calls),
    '-r', String(options.rate), '-rp', '1000', '-d', String(options.holdMs),
    '-timeout', `${Math.ceil(options.holdMs / 1000 + options.calls / options.rate + 60)}s`, '-timeout_error',
    '-trace_logs', '-trace_err', '-nostdin', '-i', '127.0.0.1', '-p', String(await freePort()), '-mp', String(await freePort()),
    '-t', 'u1', '-s', options.service ?? 'srs', `127.0.0.1:${options.sipPort}`,
  ];
  const child = spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const byeAt = new Map<string, number>();
  let offset = 0;
  let partial = '';
  const readLog = async () => {
    const name = (await readdir(dir).catch(() => [] as string[])).find((f) => f.endsWith('_logs.log'));
    if (!name) return;
    const file = await open(join(dir, name), 'r');
    try {
      const { size } = await file.stat();
      if (size <= offset) return;
      const buf = Buffer.alloc(size - offset);
      await file.read(buf, 0, buf.length, offset);
      offset = size;
      const lines = (partial + buf.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const [kind, callId, ...rest] = line.trim().split(/\s+/);
        if (!callId) continue;
        if (kind === 'ports') options.onPorts(callId, rest.map(Number));
        else if (kind === 'bye') byeAt.set(callId, Number(rest[0]) * 1000 + Number(rest[1]) / 1000);
      }
    } finally {
      await file.close();
    }
  };
  let following = true;
  const follow = (async () => {
    while (following) {
      await readLog();
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    await readLog();
  })();
  const done = new Promise<SippLoadResult>((resolve) => {
    child.once('close', async (code) => {
      following = false;
      await follow;
      let errors = '';
      for (const file of await readdir(dir)) if (file.endsWith('errors.log')) errors += (await readFile(join(dir, file), 'utf8')).slice(-5000);
      await rm(dir, { recursive: true, force: true });
      resolve({ code, byeAt, output, errors });
    });
  });
  return { child, done };
}
