import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const MAIN = join(import.meta.dirname, '..', '..', '..', 'media-node', 'main.ts');

export interface NodeProcess {
  child: ChildProcess;
  sipPort: number;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs `media-node/main.ts` as its own process, as `npm run media-node` does, and waits until it is ready. */
export async function spawnNode(env: Record<string, string>, readyTimeoutMs = 30_000): Promise<NodeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env: { ...process.env, ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const sipPort = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`media node not ready:\n${output}`)), readyTimeoutMs);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /"message":"media node ready".*?"sip":"[^"]*:(\d+)"/.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve(Number(ready[1]));
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    void exited.then((code) => reject(new Error(`media node exited with ${code}:\n${output}`)));
  });
  return { child, sipPort, output: () => output, exited };
}
