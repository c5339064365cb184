import { spawn } from 'node:child_process';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from './free-port.js';

export interface SippPorts {
  /** sipp's SIP port (-p). */
  sip: number;
  /** sipp's media port (-mp); sipp also binds the port two above it. */
  media: number;
}

export interface SippChild {
  /** The ports of the run in progress (they change if a start had to be retried). */
  readonly ports: SippPorts;
  /** Resolves with the exit code and the last `keepChars` of output of the run that was not retried. */
  readonly closed: Promise<{ code: number | null; output: string }>;
}

/** What sipp says at start-up, before any call, when a port chosen for it was taken before it could bind. */
const PORT_TAKEN = /Unable to bind [^\n]*errno = 98/;
const START_ATTEMPTS = 5;

/**
 * Starts sipp on ports free a moment ago. Another process (a parallel test file, another sipp) may
 * bind one of them before sipp does; sipp then exits at start-up, before any call, so it is
 * started again on fresh ports rather than failing the test on a race that is not under test.
 */
export async function spawnSipp(argsFor: (ports: SippPorts) => string[], cwd: string, keepChars = 20_000): Promise<SippChild> {
  let ports = await freePorts();
  const attempt = async (n: number): Promise<{ code: number | null; output: string }> => {
    if (n > 1) ports = await freePorts();
    const current = spawn('sipp', argsFor(ports), { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (d: Buffer) => void (output = (output + d.toString()).slice(-keepChars));
    current.stdout!.on('data', keep);
    current.stderr!.on('data', keep);
    const code = await new Promise<number | null>((resolve) => current.on('close', resolve));
    if (code !== 0 && n < START_ATTEMPTS && PORT_TAKEN.test(output)) {
      // The failed start's logs (named with its pid) would read as errors of the run that follows.
      for (const file of await readdir(cwd)) if (file.includes(`_${current.pid}_`)) await rm(join(cwd, file), { force: true });
      return attempt(n + 1);
    }
    return { code, output };
  };
  const closed = attempt(1);
  return {
    get ports() {
      return ports;
    },
    closed,
  };
}

/** Two free ports far enough apart that sipp's media pair (media, media + 2) misses the SIP port. */
async function freePorts(): Promise<SippPorts> {
  for (;;) {
    const sip = await freePort();
    const media = await freePort();
    if (Math.abs(sip - media) > 2) return { sip, media };
  }
}
