/** The media node's log: one JSON line per entry, so an operator can grep and ship it. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface NodeLogger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): NodeLogger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function jsonLogger(level: LogLevel = 'info', base: LogFields = {}, write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): NodeLogger {
  const emit = (at: LogLevel) => (message: string, fields?: LogFields) => {
    if (ORDER[at] < ORDER[level]) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: at, message, ...base, ...fields }));
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error'), child: (fields) => jsonLogger(level, { ...base, ...fields }, write) };
}

/** For tests and tools that want silence. */
export const silentLogger: NodeLogger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLogger };
