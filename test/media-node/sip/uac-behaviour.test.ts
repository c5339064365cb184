import { afterEach, describe, expect, it } from 'vitest';
import { createOffer } from '../../../media-node/sdp/offer-answer.js';
import { DigestServer } from '../../../media-node/sip/digest.js';
import type { SipEndpoint } from '../../../media-node/sip/endpoint.js';
import type { RegistrationState } from '../../../media-node/sip/registration.js';
import { startEndpoint } from './helpers/endpoint.js';
import { PCMA_OFFER, rawRequest, rawResponse } from './helpers/raw.js';
import { SipPeer } from './helpers/sip-peer.js';

const startsWith = (prefix: string) => (text: string) => text.startsWith(prefix);
const branchOf = (text: string) => /^Via:.*;branch=([^;\r\n]+)/m.exec(text)?.[1];

describe('the node as UAC, against a raw UDP peer', () => {
  let endpoint: SipEndpoint | undefined;
  let peer: SipPeer | undefined;
  afterEach(async () => {
    peer?.close();
    await endpoint?.close();
  });

  async function call(credentials?: { username: string; password: string }) {
    endpoint = await startEndpoint();
    peer = await SipPeer.open();
    const outbound = endpoint.invite({ target: `sip:2000@127.0.0.1:${peer.port}`, from: { user: '4000' }, sdp: createOffer({ address: '127.0.0.1', port: 40_010 }), headers: { 'X-Ramal': 'test' }, ...(credentials ? { credentials } : {}) });
    const ended = new Promise<string>((resolve) => outbound.on('ended', resolve));
    const invite = (await peer.waitForText(startsWith('INVITE '))) as string;
    return { outbound, ended, invite, peer, endpoint };
  }

  it('cancels a ringing call: CANCEL on the INVITE branch, then 487 is acknowledged on that branch', async () => {
    const { outbound, ended, invite, peer, endpoint } = await call();
    expect(invite).toContain('X-Ramal: test');
    peer.send(endpoint.port, rawResponse(invite, '180 Ringing', { toTag: 'r1' }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    outbound.cancel();
    const cancel = (await peer.waitForText(startsWith('CANCEL '))) as string;
    expect(branchOf(cancel)).toBe(branchOf(invite));
    expect(cancel).toContain('CSeq: 1 CANCEL');
    peer.send(endpoint.port, rawResponse(cancel, '200 OK', { toTag: 'r1' }));
    peer.send(endpoint.port, rawResponse(invite, '487 Request Terminated', { toTag: 'r1' }));
    await expect(outbound.answered).rejects.toMatchObject({ code: 'SIP_CALL_FAILED', status: 487 });
    expect(await ended).toBe('cancelled');
    const ack = (await peer.waitForText(startsWith('ACK '))) as string;
    expect(branchOf(ack)).toBe(branchOf(invite));
  });

  it('holds a CANCEL until the first provisional response', async () => {
    const { outbound, invite, peer, endpoint } = await call();
    outbound.cancel();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(peer.texts().some(startsWith('CANCEL '))).toBe(false);
    peer.send(endpoint.port, rawResponse(invite, '100 Trying'));
    expect(await peer.waitForText(startsWith('CANCEL '))).toBeDefined();
  });

  it('answers a 401 once with digest credentials, on a new branch and CSeq', async () => {
    const digest = new DigestServer('pbx.test');
    const { outbound, invite, peer, endpoint } = await call({ username: 'trunk', password: 'pw' });
    peer.send(endpoint.port, rawResponse(invite, '401 Unauthorized', { toTag: 'a1', headers: [`WWW-Authenticate: ${digest.challenge()}`] }));
    const second = (await peer.waitForText((t) => t.startsWith('INVITE ') && t.includes('Authorization:'))) as string;
    expect(second).toContain('CSeq: 2 INVITE');
    expect(branchOf(second)).not.toBe(branchOf(invite));
    const authorization = /^Authorization: (.*)$/m.exec(second)?.[1];
    expect(digest.verify(authorization, 'INVITE', (u) => (u === 'trunk' ? 'pw' : undefined))).toEqual({ ok: true, username: 'trunk' });
    peer.send(endpoint.port, rawResponse(second, '403 Forbidden', { toTag: 'a2' }));
    await expect(outbound.answered).rejects.toMatchObject({ status: 403 });
  });

  it('ends an answered call on the callee BYE', async () => {
    const { outbound, ended, invite, peer, endpoint } = await call();
    peer.send(endpoint.port, rawResponse(invite, '200 OK', { toTag: 'c1', headers: [`Contact: <sip:2000@127.0.0.1:${peer.port}>`], body: PCMA_OFFER }));
    await outbound.answered;
    const callId = /^Call-ID: (.*)$/m.exec(invite)?.[1] as string;
    const bye = rawRequest({ method: 'BYE', endpointPort: endpoint.port, peerPort: peer.port, branch: 'z9hG4bK-ub', callId, cseq: 1, toTag: '' }).replace(/^From: .*$/m, 'From: <sip:2000@127.0.0.1>;tag=c1').replace(/^To: .*$/m, /^From: (.*)$/m.exec(invite)?.[0].replace('From', 'To') as string);
    peer.send(endpoint.port, bye);
    expect(await ended).toBe('remote-bye');
    expect(await peer.waitForText(startsWith('SIP/2.0 200'))).toContain('CSeq: 1 BYE');
    expect(endpoint.activeDialogs).toBe(0);
  });

  it('sends an out-of-dialog NOTIFY and reports the final response, retrying a 407 with credentials', async () => {
    endpoint = await startEndpoint();
    peer = await SipPeer.open();
    const digest = new DigestServer('pbx.test');
    const result = endpoint.request({ method: 'NOTIFY', target: `sip:mwi@127.0.0.1:${peer.port}`, headers: { Event: 'message-summary' }, body: { contentType: 'application/simple-message-summary', content: 'Messages-Waiting: yes\r\n' }, credentials: { username: 'trunk', password: 'pw' } });
    const first = (await peer.waitForText(startsWith('NOTIFY '))) as string;
    expect(first).toContain('Messages-Waiting: yes');
    peer.send(endpoint.port, rawResponse(first, '407 Proxy Authentication Required', { headers: [`Proxy-Authenticate: ${digest.challenge()}`] }));
    const second = (await peer.waitForText((t) => t.startsWith('NOTIFY ') && t.includes('Proxy-Authorization:'))) as string;
    peer.send(endpoint.port, rawResponse(second, '200 OK', { toTag: 'x', headers: ['X-Seen: yes'] }));
    await expect(result).resolves.toMatchObject({ status: 200, reason: 'OK', headers: { 'x-seen': ['yes'] } });
  });
});

describe('REGISTER client against a raw registrar', () => {
  let endpoint: SipEndpoint | undefined;
  let peer: SipPeer | undefined;
  afterEach(async () => {
    peer?.close();
    await endpoint?.close();
  });

  it('refreshes at half of a short granted lifetime', async () => {
    endpoint = await startEndpoint();
    peer = await SipPeer.open();
    const registrar = peer;
    const registration = endpoint.register({ registrar: `sip:127.0.0.1:${registrar.port}`, user: '4000', password: 'x', expiresSeconds: 3600 });
    const first = (await registrar.waitForText(startsWith('REGISTER '))) as string;
    expect(first).toContain('Expires: 3600');
    registrar.send(endpoint.port, rawResponse(first, '200 OK', { toTag: 'g', headers: ['Expires: 2'] }));
    await new Promise<void>((resolve) => registration.on('state', (s: RegistrationState) => s === 'registered' && resolve()));
    expect(registration.grantedSeconds).toBe(2);
    const started = Date.now();
    expect(await registrar.waitForText((t) => t.startsWith('REGISTER ') && t.includes('CSeq: 2 REGISTER'), 3000)).toBeDefined();
    expect(Date.now() - started).toBeGreaterThan(700);
  });

  it('reports failure and retries with backoff when the registrar refuses', async () => {
    endpoint = await startEndpoint();
    peer = await SipPeer.open();
    const registrar = peer;
    const registration = endpoint.register({ registrar: `sip:127.0.0.1:${registrar.port}`, user: '4000', password: 'x', retryBaseMs: 1000 });
    const failed = new Promise<unknown>((resolve) => registration.on('state', (s: RegistrationState, detail: unknown) => s === 'failed' && resolve(detail)));
    const first = (await registrar.waitForText(startsWith('REGISTER '))) as string;
    registrar.send(endpoint.port, rawResponse(first, '503 Service Unavailable', { toTag: 'f' }));
    expect(await failed).toEqual({ status: 503 });
    expect(await registrar.waitForText((t) => t.startsWith('REGISTER ') && t.includes('CSeq: 2 REGISTER'), 2500)).toBeDefined();
  });
});
