import { SipParseError } from './errors.js';

const COMPACT: Record<string, string> = {
  i: 'Call-ID', m: 'Contact', e: 'Content-Encoding', l: 'Content-Length', c: 'Content-Type', f: 'From',
  s: 'Subject', k: 'Supported', t: 'To', v: 'Via', r: 'Refer-To', b: 'Referred-By', o: 'Event', u: 'Allow-Events',
};
const KNOWN = [
  'Accept', 'Allow', 'Authorization', 'Call-ID', 'Contact', 'Content-Disposition', 'Content-Length', 'Content-Type',
  'CSeq', 'Date', 'Diversion', 'Event', 'Expires', 'From', 'History-Info', 'Max-Forwards', 'Min-Expires',
  'Proxy-Authenticate', 'Proxy-Authorization', 'Proxy-Require', 'Reason', 'Record-Route', 'Require', 'Route',
  'Server', 'Subject', 'Subscription-State', 'Supported', 'To', 'Unsupported', 'User-Agent', 'Via',
  'WWW-Authenticate', 'Retry-After', 'Warning',
];
const CANONICAL = new Map(KNOWN.map((name) => [name.toLowerCase(), name]));

/** Header fields whose value is a comma-separated list (RFC 3261 §7.3.1); others are taken whole. */
export const LIST_HEADERS = new Set(['via', 'route', 'record-route', 'contact', 'diversion', 'history-info', 'allow', 'supported', 'require', 'proxy-require', 'unsupported', 'accept', 'allow-events']);

export const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

/** Expands compact forms and normalises the case of known names; unknown names stay as written. */
export function canonicalName(name: string): string {
  const lower = name.toLowerCase();
  return COMPACT[lower] ?? CANONICAL.get(lower) ?? name;
}

/** Splits on commas outside quoted strings and angle brackets. */
export function splitList(value: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let angle = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '<') angle = true;
    else if (c === '>') angle = false;
    else if (c === ',' && !angle) {
      parts.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(value.slice(start).trim());
  return parts;
}

/** Parses `;name=value;flag` header parameters (values may be quoted); names come back lower-cased. */
export function parseParams(text: string): Record<string, string | null> {
  const params: Record<string, string | null> = {};
  let rest = text.trim();
  while (rest !== '') {
    if (!rest.startsWith(';')) throw new SipParseError('bad header parameters');
    rest = rest.slice(1).trimStart();
    const name = /^[A-Za-z0-9\-.!%*_+`'~]+/.exec(rest)?.[0];
    if (name === undefined) throw new SipParseError('empty or bad header parameter');
    rest = rest.slice(name.length).trimStart();
    let value: string | null = null;
    if (rest.startsWith('=')) {
      rest = rest.slice(1).trimStart();
      if (rest.startsWith('"')) {
        const end = quotedEnd(rest);
        value = unquote(rest.slice(0, end));
        rest = rest.slice(end);
      } else {
        const raw = /^[^;\s]*/.exec(rest)?.[0] ?? '';
        if (raw === '') throw new SipParseError('header parameter without value');
        value = raw;
        rest = rest.slice(raw.length);
      }
      rest = rest.trimStart();
    }
    params[name.toLowerCase()] = value;
  }
  return params;
}

/** Index just past the closing quote of the quoted string starting at 0. */
export function quotedEnd(text: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  throw new SipParseError('unterminated quoted string');
}

export function unquote(quoted: string): string {
  return quoted.slice(1, -1).replace(/\\(.)/gs, '$1');
}

export interface NameAddr {
  displayName?: string;
  uri: string;
  params: Record<string, string | null>;
}

/** From/To/Contact/Route values: `"Name" <uri>;params`, `Name <uri>`, or a bare addr-spec with params. */
export function parseNameAddr(value: string): NameAddr {
  let rest = value.trim();
  let displayName: string | undefined;
  if (rest.startsWith('"')) {
    const end = quotedEnd(rest);
    displayName = unquote(rest.slice(0, end));
    rest = rest.slice(end).trimStart();
    if (!rest.startsWith('<')) throw new SipParseError('display name without <URI>');
  }
  if (rest.includes('<') && !rest.startsWith('<')) {
    const lt = rest.indexOf('<');
    const name = rest.slice(0, lt).trim();
    if (!name.split(/\s+/).every((word) => TOKEN.test(word))) throw new SipParseError('display name must be quoted');
    displayName = name;
    rest = rest.slice(lt);
  }
  let uri: string;
  if (rest.startsWith('<')) {
    const gt = rest.indexOf('>');
    if (gt < 0) throw new SipParseError('unterminated <URI>');
    uri = rest.slice(1, gt);
    if (/\s/.test(uri) || uri === '') throw new SipParseError('whitespace inside <URI>');
    rest = rest.slice(gt + 1);
  } else {
    // In the addr-spec form, ';' starts header parameters and '?' or ',' are not allowed (RFC 3261 §20.10).
    const semi = rest.indexOf(';');
    uri = (semi < 0 ? rest : rest.slice(0, semi)).trim();
    if (uri === '' || /[\s?,]/.test(uri)) throw new SipParseError('URI with parameters or headers must be in <>');
    rest = semi < 0 ? '' : rest.slice(semi);
  }
  const result: NameAddr = { uri, params: parseParams(rest) };
  if (displayName !== undefined && displayName !== '') result.displayName = displayName;
  return result;
}

export interface Via {
  transport: string;
  host: string;
  port?: number;
  params: Record<string, string | null>;
}

export function parseVia(value: string): Via {
  const m = /^SIP\s*\/\s*2\.0\s*\/\s*([A-Za-z0-9\-.!%*_+`'~]+)\s+(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+)(?:\s*:\s*(\d{1,5}))?\s*(;.*)?$/s.exec(value.trim());
  if (!m) throw new SipParseError('bad Via');
  const via: Via = { transport: (m[1] as string).toUpperCase(), host: m[2] as string, params: parseParams(m[4] ?? '') };
  if (m[3] !== undefined) via.port = Number(m[3]);
  return via;
}

export function parseCSeq(value: string): { seq: number; method: string } {
  const m = /^(\d{1,10})\s+([A-Za-z0-9\-.!%*_+`'~]+)$/.exec(value.trim());
  const seq = Number(m?.[1]);
  if (!m || seq > 2 ** 31 - 1) throw new SipParseError('bad CSeq');
  return { seq, method: m[2] as string };
}
