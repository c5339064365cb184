import { describe, expect, it } from 'vitest';
import { DigestServer, authorize, parseDigest } from '../../../media-node/sip/digest.js';
import { parseMessage, serialize } from '../../../media-node/sip/message.js';
import { StreamFramer } from '../../../media-node/sip/stream-framer.js';

const message = (body: string) => `OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nl: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

describe('StreamFramer (TCP)', () => {
  it('cuts messages by Content-Length across arbitrary chunk boundaries, skipping CRLF keep-alives', () => {
    const stream = Buffer.from(`\r\n\r\n${message('hello')}${message('')}\r\n${message('wörld')}`);
    const framer = new StreamFramer();
    const out: Buffer[] = [];
    for (let i = 0; i < stream.length; i += 7) out.push(...framer.push(stream.subarray(i, i + 7)));
    expect(out.map((m) => parseMessage(m).message.body.toString())).toEqual(['hello', '', 'wörld']);
  });

  it('waits for the whole body before emitting', () => {
    const framer = new StreamFramer();
    const full = Buffer.from(message('0123456789'));
    expect(framer.push(full.subarray(0, full.length - 3))).toEqual([]);
    expect(framer.push(full.subarray(full.length - 3))).toHaveLength(1);
  });

  it('refuses a stream without Content-Length or with a bad one, since framing is lost', () => {
    expect(() => new StreamFramer().push(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nVia: x\r\n\r\n'))).toThrow(expect.objectContaining({ code: 'SIP_PARSE' }));
    expect(() => new StreamFramer().push(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nContent-Length: -5\r\n\r\n'))).toThrow(expect.objectContaining({ code: 'SIP_PARSE' }));
  });

  it('refuses an endless header section', () => {
    expect(() => new StreamFramer().push(Buffer.alloc(70 * 1024, 'a'))).toThrow(expect.objectContaining({ code: 'SIP_PARSE' }));
  });
});

describe('message round trip', () => {
  it('serializes what it parsed, with a recomputed Content-Length', () => {
    const parsed = parseMessage(Buffer.from(message('abc'))).message;
    const again = parseMessage(serialize(parsed)).message;
    expect(again).toEqual(parsed);
    expect(serialize(parsed).toString()).toContain('Content-Length: 3\r\n');
  });
});

describe('digest (RFC 2617, MD5, qop=auth)', () => {
  const server = new DigestServer('ramal.test');
  const passwords = (user: string) => (user === 'alice' ? 'secret' : undefined);

  it('accepts what the client computes from the challenge with the right password', () => {
    const authorization = authorize(server.challenge(), { username: 'alice', password: 'secret' }, 'INVITE', 'sip:4000@ramal.test') as string;
    expect(parseDigest(authorization)).toMatchObject({ username: 'alice', qop: 'auth', nc: '00000001' });
    expect(server.verify(authorization, 'INVITE', passwords)).toEqual({ ok: true, username: 'alice' });
  });

  it('refuses a wrong password, an unknown user, another method and a forged nonce', () => {
    const wrong = authorize(server.challenge(), { username: 'alice', password: 'nope' }, 'INVITE', 'sip:x@y') as string;
    expect(server.verify(wrong, 'INVITE', passwords)).toEqual({ ok: false, reason: 'bad-response' });
    const bob = authorize(server.challenge(), { username: 'bob', password: 'secret' }, 'INVITE', 'sip:x@y') as string;
    expect(server.verify(bob, 'INVITE', passwords)).toEqual({ ok: false, reason: 'unknown-user' });
    const right = authorize(server.challenge(), { username: 'alice', password: 'secret' }, 'INVITE', 'sip:x@y') as string;
    expect(server.verify(right, 'BYE', passwords)).toEqual({ ok: false, reason: 'bad-response' });
    const forged = authorize('Digest realm="ramal.test", nonce="lkj.abcdefghijklmnopqrstuv", qop="auth"', { username: 'alice', password: 'secret' }, 'INVITE', 'sip:x@y') as string;
    expect(server.verify(forged, 'INVITE', passwords)).toEqual({ ok: false, reason: 'missing' });
  });

  it('calls an expired nonce stale, so the client retries without asking the user again', async () => {
    const shortLived = new DigestServer('ramal.test', 10);
    const authorization = authorize(shortLived.challenge(), { username: 'alice', password: 'secret' }, 'INVITE', 'sip:x@y') as string;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(shortLived.verify(authorization, 'INVITE', passwords)).toEqual({ ok: false, reason: 'stale' });
  });

  it('answers a challenge without qop the RFC 2069 way', () => {
    const authorization = authorize('Digest realm="pbx", nonce="n1"', { username: 'u', password: 'p' }, 'REGISTER', 'sip:pbx') as string;
    expect(authorization).not.toContain('qop=');
    expect(authorize('Basic realm="pbx"', { username: 'u', password: 'p' }, 'REGISTER', 'sip:pbx')).toBeUndefined();
  });
});
