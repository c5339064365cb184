import { SipParseError } from './errors.js';

export interface SipUri {
  scheme: 'sip' | 'sips';
  /** Unescaped user part; '' when the URI has none. */
  user: string;
  password?: string;
  host: string;
  port?: number;
  params: Record<string, string | null>;
  headers: Record<string, string>;
}

const ESCAPES = /%(?![0-9a-fA-F]{2})/;
const HOST = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+)$/;
// RFC 3261 user: unreserved / escaped / user-unreserved; the password adds ':' and drops ';' '?' '/' ','.
const USER = /^[A-Za-z0-9\-_.!~*'()%&=+$,;?/]*$/;
const PASSWORD = /^[A-Za-z0-9\-_.!~*'()%&=+$,:]*$/;

/** The scheme of any absolute URI, lower-cased, or undefined when `text` has none. */
export function uriScheme(text: string): string | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(text);
  return m?.[1]?.toLowerCase();
}

function unescape(text: string): string {
  if (ESCAPES.test(text)) throw new SipParseError('bad escape in URI');
  // Escapes may encode any octet, NUL included (RFC 4475 escnull): decode byte-wise, read as UTF-8.
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '%') {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i] as string, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function parseParamList(text: string, into: Record<string, string | null>): void {
  if (text === '') return;
  for (const part of text.split(';')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).toLowerCase();
    if (!/^[A-Za-z0-9\-_.!~*'()%[\]/:&+$]+$/.test(name)) throw new SipParseError('bad URI parameter');
    into[name] = eq < 0 ? null : unescape(part.slice(eq + 1));
  }
}

/** Parses a sip: or sips: URI (RFC 3261 §19.1); throws SipParseError on anything else. */
export function parseUri(text: string): SipUri {
  if (/[\s<>"]/.test(text)) throw new SipParseError('URI contains whitespace or delimiters');
  const scheme = uriScheme(text);
  if (scheme !== 'sip' && scheme !== 'sips') throw new SipParseError(`unsupported URI scheme ${scheme ?? '(none)'}`, 416);
  let rest = text.slice(scheme.length + 1);
  let user = '';
  let password: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    rest = rest.slice(at + 1);
    const colon = userinfo.indexOf(':');
    const rawUser = colon < 0 ? userinfo : userinfo.slice(0, colon);
    if (rawUser === '' || !USER.test(rawUser)) throw new SipParseError('bad user part in URI');
    user = unescape(rawUser);
    if (colon >= 0) {
      const rawPassword = userinfo.slice(colon + 1);
      if (!PASSWORD.test(rawPassword)) throw new SipParseError('bad password in URI');
      password = unescape(rawPassword);
    }
  }
  const q = rest.indexOf('?');
  const headerText = q < 0 ? '' : rest.slice(q + 1);
  if (q >= 0) rest = rest.slice(0, q);
  const semi = rest.indexOf(';');
  const hostport = semi < 0 ? rest : rest.slice(0, semi);
  const params: Record<string, string | null> = {};
  parseParamList(semi < 0 ? '' : rest.slice(semi + 1), params);
  const portMatch = /^(.*?)(?::(\d{1,5}))?$/.exec(hostport);
  const host = portMatch?.[1] ?? '';
  if (!HOST.test(host)) throw new SipParseError('bad host in URI');
  const port = portMatch?.[2] === undefined ? undefined : Number(portMatch[2]);
  if (port !== undefined && port > 65535) throw new SipParseError('bad port in URI');
  const headers: Record<string, string> = {};
  if (headerText !== '') {
    for (const pair of headerText.split('&')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new SipParseError('bad URI header');
      headers[unescape(pair.slice(0, eq))] = unescape(pair.slice(eq + 1));
    }
  }
  const uri: SipUri = { scheme, user, host: host.toLowerCase(), params, headers };
  if (password !== undefined) uri.password = password;
  if (port !== undefined) uri.port = port;
  return uri;
}

/** Where a request for this URI goes: transport from ;transport=, port defaulting per scheme. */
export function uriDestination(uri: SipUri): { transport: 'udp' | 'tcp'; address: string; port: number } {
  const transport = uri.params.transport?.toLowerCase() === 'tcp' || uri.scheme === 'sips' ? 'tcp' : 'udp';
  const address = uri.params.maddr ?? uri.host.replace(/^\[|\]$/g, '');
  return { transport, address, port: uri.port ?? (uri.scheme === 'sips' ? 5061 : 5060) };
}
