import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Answer, Command, Envelope, Ready, Reply } from './ipc.js';

/** The forked server process as the bench sees it: a base URL, a pid to watch and a command channel. */
export class BenchServer {
  private nextId = 1;
  private pending = new Map<number, { done: (v: unknown) => void; fail: (e: Error) => void }>();

  private constructor(private readonly child: ChildProcess, readonly baseUrl: string) {
    child.on('message', (m: Answer) => {
      const waiter = this.pending.get(m.id);
      if (!waiter) return;
      this.pending.delete(m.id);
      if (m.ok) waiter.done(m.value);
      else waiter.fail(new Error(`server: ${m.error}`));
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Forks bench/server.ts with the same loader (tsx) as this process, plus --expose-gc. */
  static start(dataDir: string): Promise<BenchServer> {
    const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), [], {
      execArgv: [...process.execArgv, '--expose-gc'],
      env: { ...process.env, BENCH_DATA_DIR: dataDir },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`server process exited early (${code})`));
      child.once('exit', onExit);
      child.once('message', (m: Ready) => {
        child.off('exit', onExit);
        resolve(new BenchServer(child, `http://127.0.0.1:${m.port}`));
      });
    });
  }

  request<C extends Command>(command: C): Promise<Reply<C>> {
    const id = this.nextId++;
    return new Promise((done, fail) => {
      this.pending.set(id, { done: done as (v: unknown) => void, fail });
      this.child.send({ id, command } satisfies Envelope);
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.disconnect();
    });
  }
}
