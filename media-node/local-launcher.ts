import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), 'main.ts');

export interface LocalNodeOptions {
  centralUrl: string;
  siteToken: string;
  dataDir: string;
  /** Extra environment (SIP_PORT, RTP_PORTS…) passed through from the central app's own. */
  env: Record<string, string | undefined>;
  log: (line: string) => void;
}

/**
 * Runs the media node as a child process and restarts it when it dies. A separate process keeps
 * RTP pacing free of the central app's work (a large export must not make calls stutter), and a
 * crash of either side leaves the other running; the node's spool carries its audio across.
 */
export function startLocalMediaNode(options: LocalNodeOptions): { stop(): Promise<void> } {
  let child: ChildProcess | null = null;
  let stopping = false;
  let failures = 0;
  let restartTimer: NodeJS.Timeout | undefined;

  // The embedded default's export folder lives in the data folder: make it, so an export to the
  // node works at once. A folder the operator names (a USB disk's mount point) is never created.
  const exportDir = options.env.RAMAL_NODE_EXPORT_DIR ?? join(options.dataDir, 'exports');
  if (!options.env.RAMAL_NODE_EXPORT_DIR) mkdirSync(exportDir, { recursive: true });

  const launch = () => {
    const startedAt = Date.now();
    child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      stdio: 'inherit',
      env: {
        ...options.env,
        RAMAL_CENTRAL_URL: options.centralUrl,
        RAMAL_SITE_TOKEN: options.siteToken,
        RAMAL_SPOOL_DIR: options.env.RAMAL_SPOOL_DIR ?? join(options.dataDir, 'spool'),
        RAMAL_PROMPTS_DIR: options.env.RAMAL_PROMPTS_DIR ?? join(options.dataDir, 'prompts'),
        RAMAL_NODE_EXPORT_DIR: exportDir,
      },
    });
    child.on('exit', (code, signal) => {
      child = null;
      if (stopping) return;
      // A node that ran a while had a real failure, not a start-up one: start again quickly.
      failures = Date.now() - startedAt > 60_000 ? 1 : failures + 1;
      const delay = Math.min(30_000, 1000 * 2 ** (failures - 1));
      options.log(`Media node exited (${signal ?? `code ${code}`}); restarting in ${Math.round(delay / 1000)} s.`);
      restartTimer = setTimeout(launch, delay);
    });
  };
  launch();

  return {
    stop: () =>
      new Promise<void>((done) => {
        stopping = true;
        clearTimeout(restartTimer);
        const running = child;
        if (!running) return done();
        const force = setTimeout(() => running.kill('SIGKILL'), 10_000);
        running.once('exit', () => {
          clearTimeout(force);
          done();
        });
        running.kill('SIGTERM');
      }),
  };
}
