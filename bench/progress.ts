/**
 * A progress line: rewritten in place on a terminal; elsewhere (CI logs, `| tee`) printed at
 * most every 15 s, so long scenarios still show they are alive without flooding the log.
 */
export function progress() {
  let lastLogged = 0;
  return {
    update(text: string, elapsedMs: number) {
      const line = `${text} (${(elapsedMs / 1000).toFixed(0)} s)`;
      if (process.stdout.isTTY) process.stdout.write(`\r\x1b[2K${line}`);
      else if (elapsedMs - lastLogged >= 15_000) {
        lastLogged = elapsedMs;
        process.stdout.write(`${line}\n`);
      }
    },
    /** Replaces the progress line with the final one. */
    done(text: string) {
      process.stdout.write(`${process.stdout.isTTY ? '\r\x1b[2K' : ''}${text}\n`);
    },
  };
}
