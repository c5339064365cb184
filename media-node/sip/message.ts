import { SipParseError } from './errors.js';
import { LIST_HEADERS, TOKEN, canonicalName, splitList } from './headers.js';

export interface SipHeader {
  name: string;
  value: string;
}

interface MessageBase {
  headers: SipHeader[];
  body: Buffer;
}
export interface SipRequest extends MessageBase {
  kind: 'request';
  method: string;
  uri: string;
}
export interface SipResponse extends MessageBase {
  kind: 'response';
  status: number;
  reason: string;
}
export type SipMessage = SipRequest | SipResponse;

/** What a UAS should answer to a request that parsed far enough to be answered but is not acceptable. */
export interface Problem {
  status: number;
  reason: string;
}

export interface Parsed {
  message: SipMessage;
  problem?: Problem;
}

export const MAX_HEADER_BYTES = 64 * 1024;
export const MAX_BODY_BYTES = 1024 * 1024;

/** Offset of the blank line ending the header section and the length of that separator, or undefined. */
export function headerEnd(buf: Buffer): { at: number; length: number } | undefined {
  const crlf = buf.indexOf('\r\n\r\n');
  const lf = buf.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { at: crlf, length: 4 };
  if (lf >= 0) return { at: lf, length: 2 };
  return undefined;
}

/**
 * Parses one message (a datagram, or one message the TCP framer cut out). Throws SipParseError when
 * even the start line or the header section is unusable (the caller drops it); returns `problem`
 * when the message can still be answered. Bytes past Content-Length are ignored (RFC 3261 §18.3).
 */
export function parseMessage(buf: Buffer): Parsed {
  let start = 0;
  while (buf[start] === 0x0d || buf[start] === 0x0a) start++;
  const data = buf.subarray(start);
  const end = headerEnd(data);
  if (!end) throw new SipParseError('no end of headers');
  if (end.at > MAX_HEADER_BYTES) throw new SipParseError('header section too large');
  const text = data.subarray(0, end.at).toString('utf8').replace(/\r?\n[ \t]+/g, ' ');
  const lines = text.split(/\r?\n/);
  const startLine = lines.shift() ?? '';
  let problem: Problem | undefined;
  const fail = (status: number, reason: string) => {
    problem ??= { status, reason };
  };
  const headers: SipHeader[] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = colon < 0 ? '' : line.slice(0, colon).trimEnd();
    if (!TOKEN.test(name)) {
      fail(400, 'Malformed header line');
      continue;
    }
    headers.push({ name: canonicalName(name), value: line.slice(colon + 1).trim() });
  }
  let message: SipMessage;
  const rawBody = data.subarray(end.at + end.length);
  if (startLine.startsWith('SIP/')) {
    const m = /^SIP\/2\.0 (\d{3}) (.*)$/s.exec(startLine);
    if (!m) throw new SipParseError('bad Status-Line');
    message = { kind: 'response', status: Number(m[1]), reason: m[2] as string, headers, body: rawBody };
  } else {
    const parts = startLine.split(' ');
    const method = parts[0] ?? '';
    if (!TOKEN.test(method)) throw new SipParseError('bad Request-Line');
    message = { kind: 'request', method, uri: parts[1] ?? '', headers, body: rawBody };
    const version = parts[2] ?? '';
    if (parts.length !== 3 || parts[1] === '') fail(400, 'Malformed Request-Line');
    else if (version !== 'SIP/2.0') {
      if (/^SIP\/\d+\.\d+$/.test(version)) fail(505, 'Version Not Supported');
      else fail(400, 'Malformed Request-Line');
    }
  }
  const lengths = headerValues(message, 'Content-Length');
  if (lengths.length > 1) fail(400, 'Multiple Content-Length values');
  const declared = lengths[0];
  if (declared !== undefined) {
    const length = /^\d{1,10}$/.test(declared) ? Number(declared) : Number.NaN;
    if (Number.isNaN(length) || length > MAX_BODY_BYTES) fail(400, 'Bad Content-Length');
    else if (length > rawBody.length) fail(400, 'Content-Length larger than the message');
    else message.body = rawBody.subarray(0, length);
  }
  return problem ? { message, problem } : { message };
}

/** Header values in order, one per header line, without splitting lists. */
export function headerLines(message: SipMessage, name: string): string[] {
  const wanted = canonicalName(name).toLowerCase();
  return message.headers.filter((h) => h.name.toLowerCase() === wanted).map((h) => h.value);
}

/** Header values in order; list-valued headers are split on their commas. */
export function headerValues(message: SipMessage, name: string): string[] {
  const lines = headerLines(message, name);
  return LIST_HEADERS.has(canonicalName(name).toLowerCase()) ? lines.flatMap((v) => splitList(v)).filter((v) => v !== '') : lines;
}

export function header(message: SipMessage, name: string): string | undefined {
  return headerValues(message, name)[0];
}

export function setHeader(message: SipMessage, name: string, value: string | undefined): void {
  const wanted = canonicalName(name).toLowerCase();
  const at = message.headers.findIndex((h) => h.name.toLowerCase() === wanted);
  message.headers = message.headers.filter((h, i) => h.name.toLowerCase() !== wanted || i === at);
  if (value === undefined) message.headers = message.headers.filter((h) => h.name.toLowerCase() !== wanted);
  else if (at >= 0) (message.headers.find((h) => h.name.toLowerCase() === wanted) as SipHeader).value = value;
  else message.headers.push({ name: canonicalName(name), value });
}

export function serialize(message: SipMessage): Buffer {
  const startLine = message.kind === 'request' ? `${message.method} ${message.uri} SIP/2.0` : `SIP/2.0 ${message.status} ${message.reason}`;
  const lines = [startLine];
  for (const h of message.headers) if (h.name !== 'Content-Length') lines.push(`${h.name}: ${h.value}`);
  lines.push(`Content-Length: ${message.body.length}`, '', '');
  return Buffer.concat([Buffer.from(lines.join('\r\n'), 'utf8'), message.body]);
}
