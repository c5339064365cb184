import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { quotedEnd, unquote } from './headers.js';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** Parses `Digest realm="x", nonce="y", qop="auth"` into lower-cased keys; undefined when not Digest. */
export function parseDigest(value: string): Record<string, string> | undefined {
  const m = /^\s*Digest\s+/i.exec(value);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  let rest = value.slice(m[0].length);
  while (rest.length > 0) {
    const name = /^\s*,?\s*([A-Za-z0-9_-]+)\s*=\s*/.exec(rest);
    if (!name) break;
    rest = rest.slice(name[0].length);
    let val: string;
    if (rest.startsWith('"')) {
      const end = quotedEnd(rest);
      val = unquote(rest.slice(0, end));
      rest = rest.slice(end);
    } else {
      val = /^[^,\s]*/.exec(rest)?.[0] ?? '';
      rest = rest.slice(val.length);
    }
    params[(name[1] as string).toLowerCase()] = val;
  }
  return params;
}

export function digestResponse(p: { username: string; realm: string; password: string; method: string; uri: string; nonce: string; qop?: string; nc?: string; cnonce?: string }): string {
  const ha1 = md5(`${p.username}:${p.realm}:${p.password}`);
  const ha2 = md5(`${p.method}:${p.uri}`);
  return p.qop ? md5(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`) : md5(`${ha1}:${p.nonce}:${ha2}`);
}

/** The client side: answers a WWW-/Proxy-Authenticate challenge (RFC 2617, MD5, qop=auth or none). */
export function authorize(challenge: string, credentials: { username: string; password: string }, method: string, uri: string): string | undefined {
  const c = parseDigest(challenge);
  if (!c || c.nonce === undefined || (c.algorithm !== undefined && c.algorithm.toUpperCase() !== 'MD5')) return undefined;
  const realm = c.realm ?? '';
  const qop = c.qop?.split(',').map((q) => q.trim()).includes('auth') ? 'auth' : undefined;
  const nc = '00000001';
  const cnonce = randomBytes(8).toString('hex');
  const response = digestResponse({ ...credentials, realm, method, uri, nonce: c.nonce, ...(qop ? { qop, nc, cnonce } : {}) });
  const parts = [`username="${credentials.username}"`, `realm="${realm}"`, `nonce="${c.nonce}"`, `uri="${uri}"`, `response="${response}"`, 'algorithm=MD5'];
  if (c.opaque !== undefined) parts.push(`opaque="${c.opaque}"`);
  if (qop) parts.push(`qop=${qop}`, `nc=${nc}`, `cnonce="${cnonce}"`);
  return `Digest ${parts.join(', ')}`;
}

export type Verdict = { ok: true; username: string } | { ok: false; reason: 'missing' | 'stale' | 'unknown-user' | 'bad-response' };

/**
 * The server side. Nonces are self-verifying (issue time + HMAC with a per-process secret), so no
 * nonce table grows under a flood of unauthenticated requests; they expire after `nonceTtlMs`.
 */
export class DigestServer {
  private readonly secret = randomBytes(32);

  constructor(private readonly realm: string, private readonly nonceTtlMs = 5 * 60_000) {}

  private sign(issued: string): string {
    return createHmac('sha256', this.secret).update(issued).digest('base64url').slice(0, 22);
  }

  challenge(stale = false): string {
    const issued = Date.now().toString(36);
    const nonce = `${issued}.${this.sign(issued)}`;
    return `Digest realm="${this.realm}", nonce="${nonce}", algorithm=MD5, qop="auth"${stale ? ', stale=true' : ''}`;
  }

  private nonceState(nonce: string): 'fresh' | 'stale' | 'forged' {
    const [issued, mac] = nonce.split('.');
    if (issued === undefined || mac === undefined) return 'forged';
    const expected = Buffer.from(this.sign(issued));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'forged';
    return Date.now() - Number.parseInt(issued, 36) > this.nonceTtlMs ? 'stale' : 'fresh';
  }

  verify(authorization: string | undefined, method: string, passwordFor: (username: string) => string | undefined): Verdict {
    const a = authorization === undefined ? undefined : parseDigest(authorization);
    if (!a || a.username === undefined || a.nonce === undefined || a.response === undefined || a.uri === undefined) return { ok: false, reason: 'missing' };
    if (a.realm !== this.realm) return { ok: false, reason: 'missing' };
    const nonce = this.nonceState(a.nonce);
    if (nonce === 'forged') return { ok: false, reason: 'missing' };
    const password = passwordFor(a.username);
    if (password === undefined) return { ok: false, reason: 'unknown-user' };
    const qop = a.qop === undefined ? {} : { qop: a.qop, nc: a.nc ?? '', cnonce: a.cnonce ?? '' };
    const expected = digestResponse({ username: a.username, realm: this.realm, password, method, uri: a.uri, nonce: a.nonce, ...qop });
    if (expected !== a.response.toLowerCase()) return { ok: false, reason: 'bad-response' };
    if (nonce === 'stale') return { ok: false, reason: 'stale' };
    return { ok: true, username: a.username };
  }
}
