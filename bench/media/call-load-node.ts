/**
 * The system under load: the real central app in this process (its site trusting loopback) and
 * `media-node/main.ts` as a process of its own, as `npm run media-node` starts it, optionally pinned
 * to one core.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { sites } from '../../schema/index.js';
import { startCentral, type Central } from '../../test/media-node/spool/central-fixture.js';
import { waitForNodeReady } from '../../test/media-node/e2e/node-process.js';

const MAIN = join(import.meta.dirname, '..', '..', 'media-node', 'main.ts');
const TASKSET = '/usr/bin/taskset';

export interface Pinning {
  /** Prefix for processes under load (`taskset -c 1`), empty when pinning is off or impossible. */
  loadPrefix: string[];
  describe: string;
  restore(): void;
}

/**
 * With taskset and two cores or more: this process (every thread) on core 0, what is measured on
 * core 1, so the generator never competes with the node for its core.
 */
export function pinCores(enabled: boolean): Pinning {
  const cores = availableParallelism();
  const probe = spawnSync(TASKSET, ['--version']);
  if (!enabled || cores < 2 || probe.status !== 0) {
    return { loadPrefix: [], describe: `not pinned (${!enabled ? 'BENCH_PIN=0' : cores < 2 ? 'one core' : 'no taskset'})`, restore: () => {} };
  }
  const self = spawnSync(TASKSET, ['-a', '-p', '-c', '0', String(process.pid)]);
  return {
    loadPrefix: [TASKSET, '-c', '1'],
    describe: self.status === 0 ? 'media node / baseline on core 1, generator + central app on core 0' : 'media node / baseline on core 1, generator not pinned',
    restore: () => void spawnSync(TASKSET, ['-a', '-p', '-c', `0-${cores - 1}`, String(process.pid)]),
  };
}

export interface NodeUnderLoad {
  central: Central;
  pid: number;
  sipPort: number;
  stop(): Promise<void>;
}

/** Central app and media node; `maxCalls` sizes the RTP range (two ports a call). */
export async function startNodeUnderLoad(maxCalls: number, prefix: string[], children: Set<ChildProcess>): Promise<NodeUnderLoad> {
  const central = await startCentral();
  const dirs: string[] = [];
  let child: ChildProcess | undefined;
  const cleanup = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      const killer = setTimeout(() => child!.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    }
    if (child) children.delete(child);
    await central.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  };
  try {
    await central.h.deps.db.update(sites).set({ sipAllowedAddresses: ['127.0.0.1'] }).where(eq(sites.id, central.h.org.siteId));
    const spoolDir = await mkdtemp(join(tmpdir(), 'ramal-bench-spool-'));
    dirs.push(spoolDir);
    const promptsDir = await mkdtemp(join(tmpdir(), 'ramal-bench-prompts-'));
    dirs.push(promptsDir);
    // Below Linux's ephemeral range (32768+) and the e2e tests' ranges (30000+).
    const first = 20000 + (process.pid % 4) * 2500;
    const env = {
      ...process.env,
      RAMAL_CENTRAL_URL: central.url, RAMAL_SITE_TOKEN: central.token, SIP_HOST: '127.0.0.1', SIP_PORT: '0',
      RTP_PORTS: `${first}-${first + Math.min(2 * maxCalls + 100, 2499)}`, RAMAL_SPOOL_DIR: spoolDir, RAMAL_PROMPTS_DIR: promptsDir, LOG_LEVEL: 'info',
      // The node synthesizes missing prompts with espeak-ng at first start; that would load the measured core.
      // With no espeak-ng on its PATH it skips them, and the echo test plays only its beep.
      PATH: promptsDir,
    };
    const argv = [...prefix, process.execPath, '--import', 'tsx', MAIN];
    child = spawn(argv[0]!, argv.slice(1), { env, cwd: join(import.meta.dirname, '..', '..'), stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    const sipPort = await waitForNodeReady(child);
    return { central, pid: child.pid!, sipPort, stop: cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
