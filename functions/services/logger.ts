export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];

/** Field names whose values never reach a log line. */
const SECRET_KEYS = /pass(word)?|secret|token|authorization|cookie|csrf/i;

export function redact(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, SECRET_KEYS.test(k) ? '[redacted]' : v]));
}

/** One JSON line per event, on stdout/stderr; both runtimes collect console output. */
export function consoleLogger(minLevel: Level, sink: Pick<Console, 'log' | 'error'> = console): Logger {
  const min = LEVELS.indexOf(minLevel);
  const write = (level: Level) => (msg: string, data: Record<string, unknown> = {}) => {
    if (LEVELS.indexOf(level) < min) return;
    const line = JSON.stringify({ level, time: new Date().toISOString(), msg, ...redact(data) });
    if (level === 'error' || level === 'warn') sink.error(line);
    else sink.log(line);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
