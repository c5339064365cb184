import { readFileSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../media-node/log.js';
import { multipartParts } from '../../../media-node/sip/body.js';
import { SipEndpoint } from '../../../media-node/sip/endpoint.js';
import { parseCSeq, parseNameAddr, parseVia } from '../../../media-node/sip/headers.js';
import { header, headerValues, parseMessage, type SipRequest, type SipResponse } from '../../../media-node/sip/message.js';
import { parseUri } from '../../../media-node/sip/uri.js';
import { validateRequest } from '../../../media-node/sip/validate.js';
import { SipPeer } from './helpers/sip-peer.js';

// RFC 4475 §3 messages, byte for byte as the RFC's encoded archive carries them (file names are the RFC's).
const DIR = join(import.meta.dirname, 'torture');
const fixture = (name: string) => readFileSync(join(DIR, `${name}.dat`));
const request = (name: string) => parseMessage(fixture(name)).message as SipRequest;

/** What a UAS must do with each message: a status, or 'drop' when no answer can be routed. */
const EXPECTED: Record<string, number | 'drop'> = {
  // §3.1.1 valid messages (INVITEs reach onInvite, which answers 486 here)
  wsinv: 481, intmeth: 501, esc01: 486, escnull: 405, esc02: 501, lwsdisp: 200, longreq: 486, dblreq: 405,
  semiuri: 200, transports: 200, mpart01: 405, unreason: 'drop', noreason: 'drop',
  // §3.1.2 invalid messages
  badinv01: 'drop', clerr: 400, scalar02: 400, scalarlg: 'drop', quotbal: 400, ltgtruri: 400, lwsruri: 400,
  lwsstart: 400, trws: 400, escruri: 400, baddate: 400, regbadct: 400, badaspec: 400, baddn: 400,
  badvers: 'drop', mismatch01: 400, mismatch02: 400, bigcode: 'drop',
  // §3.2 transaction layer, §3.3 application layer
  badbranch: 200, insuf: 400, unkscm: 416, novelsc: 416, unksm2: 405, bext01: 420, invut: 415, regaut01: 405,
  multi01: 400, mcl01: 400, bcast: 'drop', zeromf: 200, cparam01: 405, cparam02: 405, regescrt: 405, sdp01: 406,
  inv2543: 486, ncl: 400,
};

describe('RFC 4475 torture messages: parsing', () => {
  it('has every message of the RFC as a fixture', () => {
    expect(readdirSync(DIR).map((f) => f.replace('.dat', '')).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('wsinv: folding, odd spacing, escaped quotes and unknown headers parse to the right values', () => {
    const m = request('wsinv');
    expect(m.method).toBe('INVITE');
    expect(parseUri(m.uri).params).toEqual({ unknownparam: null });
    expect(parseNameAddr(header(m, 'To') as string).params.tag).toBe('1918181833n');
    expect(parseNameAddr(header(m, 'From') as string)).toMatchObject({ displayName: 'J Rosenberg \\"', params: { tag: '98asjd8' } });
    expect(headerValues(m, 'Via').map((v) => parseVia(v).transport)).toEqual(['UDP', 'TCP', 'UDP']);
    expect(parseVia(headerValues(m, 'Via')[2] as string).params.branch).toBe('z9hG4bK30239');
    expect(parseCSeq(header(m, 'CSeq') as string)).toEqual({ seq: 9, method: 'INVITE' });
    expect(header(m, 'Subject')).toBe('');
    expect(header(m, 'NewFangledHeader')).toBe('newfangled value continued newfangled value');
    expect(header(m, 'UnknownHeaderWithUnusualValue')).toBe(';;,,;;,;');
    expect(parseNameAddr(header(m, 'Contact') as string)).toMatchObject({ displayName: 'Quoted string ""', params: { newparam: 'newvalue', secondparam: null, q: '0.33' } });
    expect(m.body.length).toBe(150);
    expect(validateRequest(m)).toBeUndefined();
  });

  it('intmeth: unusual characters in method, URI user and password are taken literally', () => {
    const m = request('intmeth');
    expect(m.method).toBe("!interesting-Method0123456789_*+`.%indeed'~");
    const uri = parseUri(m.uri);
    expect(uri.user).toBe("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    expect(uri.password).toBe("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
    expect(validateRequest(m)).toBeUndefined();
  });

  it('esc01 and escnull: escapes in user parts decode, NUL included', () => {
    expect(parseUri(request('esc01').uri).user).toBe('sips:user@example.com');
    expect(parseUri(parseNameAddr(header(request('escnull'), 'To') as string).uri).user).toBe('null-\0-null');
    expect(request('esc02').method).toBe('RE%47IST%45R');
  });

  it('lwsdisp, semiuri, transports, longreq, dblreq, mpart01 parse as valid requests', () => {
    expect(parseNameAddr(header(request('lwsdisp'), 'From') as string).displayName).toBe('caller');
    expect(parseUri(request('semiuri').uri).user).toBe('user;par=u@example.net');
    expect(headerValues(request('transports'), 'Via').map((v) => parseVia(v).transport)).toEqual(['UDP', 'SCTP', 'TLS', 'UNKNOWN', 'TCP']);
    expect((header(request('longreq'), 'Call-ID') as string).length).toBeGreaterThan(100);
    expect(request('dblreq').body.length).toBe(0);
    const mpart = request('mpart01');
    expect(multipartParts(header(mpart, 'Content-Type') as string, mpart.body).length).toBe(2);
    for (const name of ['lwsdisp', 'semiuri', 'transports', 'longreq', 'dblreq', 'mpart01', 'badbranch', 'zeromf', 'unksm2', 'cparam01', 'cparam02', 'regescrt', 'inv2543']) {
      expect(validateRequest(request(name)), name).toBeUndefined();
    }
  });

  it('unreason and noreason: responses keep an unusual or empty reason phrase', () => {
    expect((parseMessage(fixture('unreason')).message as SipResponse).reason).toBe('= 2**3 * 5**2 но сто девяносто девять - простое');
    expect((parseMessage(fixture('noreason')).message as SipResponse)).toMatchObject({ status: 100, reason: '' });
  });

  it('bigcode: an overlarge status code is not a message', () => {
    expect(() => parseMessage(fixture('bigcode'))).toThrow(expect.objectContaining({ code: 'SIP_PARSE' }));
  });
});

describe('RFC 4475 torture messages: what the endpoint answers', () => {
  let endpoint: SipEndpoint | undefined;
  afterEach(async () => endpoint?.close());

  const start = () =>
    SipEndpoint.start({ host: '127.0.0.1', port: 0, userAgent: 'ramal-test', log: silentLogger, isTrusted: () => true, realm: 'test', passwordFor: () => undefined, onInvite: (call) => call.reject(486) });

  // A fresh endpoint each: many messages share branch and sent-by, and would rightly match as retransmissions.
  it.each(Object.entries(EXPECTED))('%s → %s', async (name, expected) => {
    endpoint = await start();
    const peer = await SipPeer.open();
    try {
      peer.send(endpoint.port, fixture(name));
      if (expected === 'drop') {
        expect(await peer.waitFor(1, 300)).toBe(false);
      } else {
        await peer.waitFor(expected === 486 ? 2 : 1);
        expect(peer.finalResponse()?.status).toBe(expected);
      }
    } finally {
      peer.close();
    }
  });

  it('still answers OPTIONS after every torture message and some random garbage', async () => {
    endpoint = await start();
    const peer = await SipPeer.open();
    for (const name of Object.keys(EXPECTED)) peer.send(endpoint.port, fixture(name));
    for (let i = 0; i < 200; i++) peer.send(endpoint.port, Buffer.from(Array.from({ length: 1 + ((i * 37) % 900) }, (_, j) => (i * 131 + j * 17) % 256)));
    peer.send(endpoint.port, Buffer.alloc(65_000, 'A'));
    peer.send(endpoint.port, Buffer.concat([Buffer.from('OPTIONS sip:x@y SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKbig\r\nX: '), Buffer.alloc(64_000, 'b'), Buffer.from('\r\n\r\n')]));
    peer.send(endpoint.port, Buffer.from('INVITE sip:x@y SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\nContent-Length: 99999999999\r\n\r\n'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    peer.clear();
    peer.send(endpoint.port, ['OPTIONS sip:ramal@127.0.0.1 SIP/2.0', 'Via: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKafter', 'From: <sip:t@x>;tag=1', 'To: <sip:ramal@127.0.0.1>', 'Call-ID: after-torture', 'CSeq: 1 OPTIONS', 'Max-Forwards: 70', 'Content-Length: 0', '', ''].join('\r\n'));
    expect(await peer.waitFor(1)).toBe(true);
    expect(peer.finalResponse()).toMatchObject({ status: 200 });
    expect(peer.finalResponse() && header(peer.finalResponse() as SipResponse, 'Call-ID')).toBe('after-torture');
    peer.close();
  });

  it('over TCP: closes a connection whose stream cannot be framed, and keeps serving new ones', async () => {
    endpoint = await start();
    const port = endpoint.port;
    const bad = connect(port, '127.0.0.1');
    const closed = new Promise((resolve) => bad.on('close', resolve));
    bad.on('error', () => undefined);
    bad.write(fixture('wsinv'));
    bad.write('OPTIONS sip:x@y SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bKn\r\nContent-Length: nope\r\n\r\n');
    await closed;
    const good = connect(port, '127.0.0.1');
    const reply = new Promise<string>((resolve) => good.on('data', (d) => resolve(d.toString())));
    good.write(['OPTIONS sip:ramal@127.0.0.1 SIP/2.0', 'Via: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bKtcp', 'From: <sip:t@x>;tag=1', 'To: <sip:ramal@127.0.0.1>', 'Call-ID: tcp-after', 'CSeq: 1 OPTIONS', 'Content-Length: 0', '', ''].join('\r\n'));
    expect(await reply).toMatch(/^SIP\/2\.0 200 OK\r\n[\s\S]*Call-ID: tcp-after/);
    good.destroy();
  });
});
