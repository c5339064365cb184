import type { ChildProcess } from 'node:child_process';

/**
 * The child processes and clean-ups of a load bench. Ctrl-C kills the children at once (they may
 * be pinned to a busy core), then runs the clean-ups (at most 5 s) and exits; `close()` runs the
 * clean-ups in reverse order at the end of a normal run and drops the Ctrl-C handler.
 */
export function benchProcesses(name: string) {
  const children = new Set<ChildProcess>();
  const cleanups: (() => Promise<void>)[] = [];
  const onSigint = () => {
    for (const child of children) child.kill('SIGKILL');
    void Promise.race([Promise.allSettled(cleanups.map((c) => c())), new Promise((r) => setTimeout(r, 5000))]).then(() => process.exit(130));
  };
  process.once('SIGINT', onSigint);
  return {
    children,
    cleanups,
    async close(): Promise<void> {
      for (const cleanup of cleanups.reverse()) await cleanup().catch((err: unknown) => console.error(`${name} cleanup failed:`, err));
      process.off('SIGINT', onSigint);
    },
  };
}
