/**
 * The call-load baseline: the floor of Node itself. A plain JavaScript process (no tsx, no SIP, no
 * jitter buffer, no codec) with one dgram socket per call that either echoes each packet straight
 * back ('echo') or only counts it ('sink'). It prints its ports as one JSON line, answers "counts"
 * on stdin with the packets each socket received, and exits when stdin closes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { z } from 'zod';

export const BASELINE_SOURCE = `
const dgram = require('node:dgram');
const readline = require('node:readline');
const { mode, calls } = JSON.parse(process.argv[1]);
const counts = new Array(calls).fill(0);
let bound = 0;
const sockets = [];
for (let i = 0; i < calls; i++) {
  const socket = dgram.createSocket('udp4');
  socket.on('message', mode === 'echo'
    ? (msg, from) => { counts[i]++; socket.send(msg, from.port, from.address); }
    : () => { counts[i]++; });
  socket.bind(0, '127.0.0.1', () => {
    if (++bound === calls) process.stdout.write(JSON.stringify({ ports: sockets.map((s) => s.address().port) }) + '\\n');
  });
  sockets.push(socket);
}
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'counts') process.stdout.write(JSON.stringify({ counts }) + '\\n');
}).on('close', () => process.exit(0));
`;

export type BaselineMode = 'echo' | 'sink';

const Ports = z.object({ ports: z.array(z.number().int().positive()) });
const Counts = z.object({ counts: z.array(z.number().int().nonnegative()) });

export interface Baseline {
  child: ChildProcess;
  pid: number;
  ports: number[];
  /** Packets each socket has received so far. */
  counts(): Promise<number[]>;
  stop(): Promise<void>;
}

export class BaselineError extends Error {
  readonly code = 'BASELINE_FAILED';
}

/** Starts the baseline with `calls` sockets, through `prefix` (e.g. taskset) when given. */
export async function spawnBaseline(mode: BaselineMode, calls: number, prefix: string[]): Promise<Baseline> {
  const argv = [...prefix, process.execPath, '-e', BASELINE_SOURCE, JSON.stringify({ mode, calls })];
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const nextLine = (what: string) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new BaselineError(`baseline gave no ${what} in 10 s`)), 10_000);
      waiting.push((line) => {
        clearTimeout(timer);
        resolve(line);
      });
      void exited.then(() => reject(new BaselineError(`baseline exited before its ${what}`)));
    });
  const { ports } = Ports.parse(JSON.parse(await nextLine('ports')));
  return {
    child, pid: child.pid!, ports,
    counts: async () => {
      const reply = nextLine('counts');
      child.stdin!.write('counts\n');
      return Counts.parse(JSON.parse(await reply)).counts;
    },
    stop: async () => {
      child.stdin!.end();
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(killer);
    },
  };
}
