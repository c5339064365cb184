import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const MAIN = join(import.meta.dirname, '..', '..', '..', 'media-node', 'main.ts');

export interface NodeProcess {
  child: ChildProcess;
  sipPort: number;
  output: () => string;
  exited: Promise<number | null>;
}

export class NodeStartError extends Error {
  readonly code = 'NODE_START';
}

/**
 * Waits for a media node process's "media node ready" log line (LOG_LEVEL info or lower) and
 * returns the SIP port it names; rejects with the output when it exits or takes too long.
 */
export function waitForNodeReady(child: ChildProcess, timeoutMs = 30_000, seen: (chunk: string) => void = () => {}): Promise<number> {
  let output = '';
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new NodeStartError(`media node not ready in ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
    const read = (chunk: Buffer) => {
      seen(chunk.toString());
      if (output.length < 100_000) output += chunk.toString();
      const ready = /"message":"media node ready".*?"sip":"[^"]*:(\d+)"/.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve(Number(ready[1]));
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new NodeStartError(`media node exited with ${code}:\n${output}`));
    });
  });
}

/** Runs `media-node/main.ts` as its own process, as `npm run media-node` does, and waits until it is ready. */
export async function spawnNode(env: Record<string, string>, readyTimeoutMs = 30_000): Promise<NodeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env: { ...process.env, ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const sipPort = await waitForNodeReady(child, readyTimeoutMs, (chunk) => (output += chunk));
  return { child, sipPort, output: () => output, exited };
}
