import { afterEach, describe, expect, it } from 'vitest';
import { createOffer } from '../../../media-node/sdp/offer-answer.js';
import type { SipEndpoint } from '../../../media-node/sip/endpoint.js';
import type { InboundCall } from '../../../media-node/sip/inbound-call.js';
import { answerCall, startEndpoint } from './helpers/endpoint.js';
import { PCMA_OFFER, rawRequest, rawResponse } from './helpers/raw.js';
import { SipPeer } from './helpers/sip-peer.js';

const T1 = 100;
const startsWith = (prefix: string) => (text: string) => text.startsWith(prefix);
const gaps = (times: number[]) => times.slice(1).map((t, i) => t - (times[i] as number));
/** Waits (a loaded machine may be late) until `count` sends are seen; returns the first `count` times. */
async function firstSends(times: () => number[], count: number): Promise<number[]> {
  const deadline = Date.now() + 20 * T1;
  while (times().length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, T1 / 4));
  return times().slice(0, count);
}
/** Each gap is its expected multiple of T1, give or take timer jitter on a loaded machine. */
function expectGaps(times: number[], multiples: number[]): void {
  const actual = gaps(times);
  expect(actual).toHaveLength(multiples.length);
  actual.forEach((gap, i) => {
    const want = (multiples[i] as number) * T1;
    expect(gap, `gap ${i}: ${actual.map(Math.round).join(', ')} ms`).toBeGreaterThanOrEqual(want * 0.9);
    expect(gap, `gap ${i}: ${actual.map(Math.round).join(', ')} ms`).toBeLessThan(want + T1 * 0.7);
  });
}

describe('retransmission timers over UDP (T1 = 100 ms, T2 = 400 ms)', () => {
  let endpoint: SipEndpoint | undefined;
  let peer: SipPeer | undefined;
  afterEach(async () => {
    peer?.close();
    await endpoint?.close();
  });

  it('the UAC retransmits an unanswered INVITE per timer A (T1, 2·T1, 4·T1) and ACKs the 200 and its retransmission', async () => {
    endpoint = await startEndpoint({ timers: { T1, T2: 400 } });
    peer = await SipPeer.open();
    const call = endpoint.invite({ target: `sip:4000@127.0.0.1:${peer.port}`, from: { user: 'ramal' }, sdp: createOffer({ address: '127.0.0.1', port: 40_004 }) });
    const sent = peer;
    expectGaps(await firstSends(() => sent.timesOf(startsWith('INVITE ')), 4), [1, 2, 4]);
    const invite = peer.texts().find(startsWith('INVITE ')) as string;
    const ok = rawResponse(invite, '200 OK', { toTag: 'uas1', headers: [`Contact: <sip:uas@127.0.0.1:${peer.port}>`], body: PCMA_OFFER });
    peer.send(endpoint.port, ok);
    await expect(call.answered).resolves.toEqual({ sdp: PCMA_OFFER });
    expect(await peer.waitForText(startsWith('ACK '))).toContain('CSeq: 1 ACK');
    const before = peer.timesOf(startsWith('INVITE ')).length;
    peer.send(endpoint.port, ok);
    await new Promise((resolve) => setTimeout(resolve, 2 * T1));
    expect(peer.timesOf(startsWith('ACK '))).toHaveLength(2);
    expect(peer.timesOf(startsWith('INVITE '))).toHaveLength(before);
    const hangup = call.hangup();
    const bye = (await peer.waitForText(startsWith('BYE '))) as string;
    expect(bye).toContain('CSeq: 2 BYE');
    peer.send(endpoint.port, rawResponse(bye, '200 OK'));
    await hangup;
  });

  it('the UAC gives up after timer B (64·T1) with 408', async () => {
    endpoint = await startEndpoint({ timers: { T1: 20, T2: 400 } });
    peer = await SipPeer.open();
    const call = endpoint.invite({ target: `sip:4000@127.0.0.1:${peer.port}`, from: { user: 'ramal' }, sdp: createOffer({ address: '127.0.0.1', port: 40_004 }) });
    const ended = new Promise((resolve) => call.on('ended', resolve));
    await expect(call.answered).rejects.toMatchObject({ code: 'SIP_CALL_FAILED', status: 408 });
    expect(await ended).toBe('transport-error');
    expect(call.signal.aborted).toBe(true);
  });

  it('the UAS retransmits its 200 per timer G until the ACK, then stops', async () => {
    let answered: Promise<string | undefined> | undefined;
    endpoint = await startEndpoint({ timers: { T1, T2: 400 }, onInvite: (call) => void (answered = answerCall(call)) });
    peer = await SipPeer.open();
    const invite = rawRequest({ method: 'INVITE', endpointPort: endpoint.port, peerPort: peer.port, branch: 'z9hG4bK-g-1', callId: 'timer-g', body: { type: 'application/sdp', content: PCMA_OFFER } });
    peer.send(endpoint.port, invite);
    const sent = peer;
    expectGaps(await firstSends(() => sent.timesOf(startsWith('SIP/2.0 200')), 4), [1, 2, 4]);
    const toTag = /^To:.*;tag=([^;\r\n]+)/m.exec(peer.texts().find(startsWith('SIP/2.0 200')) as string)?.[1] as string;
    peer.send(endpoint.port, rawRequest({ method: 'ACK', endpointPort: endpoint.port, peerPort: peer.port, branch: 'z9hG4bK-g-ack', callId: 'timer-g', toTag }));
    await expect(answered).resolves.toBeUndefined();
    const count = peer.timesOf(startsWith('SIP/2.0 200')).length;
    await new Promise((resolve) => setTimeout(resolve, 6 * T1));
    expect(peer.timesOf(startsWith('SIP/2.0 200'))).toHaveLength(count);
  });

  it('the UAS ends the call with BYE when no ACK comes within 64·T1', async () => {
    let call: InboundCall | undefined;
    let answered: Promise<string | undefined> | undefined;
    endpoint = await startEndpoint({ timers: { T1: 20, T2: 80 }, onInvite: (c) => ((call = c), (answered = answerCall(c))) });
    peer = await SipPeer.open();
    peer.send(endpoint.port, rawRequest({ method: 'INVITE', endpointPort: endpoint.port, peerPort: peer.port, branch: 'z9hG4bK-h-1', callId: 'timer-h', body: { type: 'application/sdp', content: PCMA_OFFER } }));
    await peer.waitForText(startsWith('SIP/2.0 200'));
    const ended = new Promise((resolve) => call?.on('ended', resolve));
    await expect(answered).rejects.toMatchObject({ code: 'SIP_TIMEOUT' });
    expect(await ended).toBe('ack-timeout');
    expect(await peer.waitForText(startsWith('BYE '))).toContain('Call-ID: timer-h');
  });

  it('the UAS retransmits a rejection (486) until the ACK, which reuses the INVITE branch', async () => {
    endpoint = await startEndpoint({ timers: { T1, T2: 400 }, onInvite: (call) => call.reject(486) });
    peer = await SipPeer.open();
    peer.send(endpoint.port, rawRequest({ method: 'INVITE', endpointPort: endpoint.port, peerPort: peer.port, branch: 'z9hG4bK-486', callId: 'busy', body: { type: 'application/sdp', content: PCMA_OFFER } }));
    await new Promise((resolve) => setTimeout(resolve, 3.5 * T1));
    expect(peer.timesOf(startsWith('SIP/2.0 486')).length).toBe(3);
    const toTag = /^To:.*;tag=([^;\r\n]+)/m.exec(peer.texts().find(startsWith('SIP/2.0 486')) as string)?.[1] as string;
    peer.send(endpoint.port, rawRequest({ method: 'ACK', endpointPort: endpoint.port, peerPort: peer.port, branch: 'z9hG4bK-486', callId: 'busy', toTag }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const count = peer.timesOf(startsWith('SIP/2.0 486')).length;
    await new Promise((resolve) => setTimeout(resolve, 5 * T1));
    expect(peer.timesOf(startsWith('SIP/2.0 486'))).toHaveLength(count);
  });

  it('a retransmitted INVITE gets the last response again and does not create a second call', async () => {
    let calls = 0;
    endpoint = await startEndpoint({ onInvite: (call) => (calls++, call.ringing()) });
    peer = await SipPeer.open();
    const invite = rawRequest({ method: 'INVITE', endpointPort: endpoint.port, peerPort: peer.port, branch: 'z9hG4bK-dup', callId: 'dup', body: { type: 'application/sdp', content: PCMA_OFFER } });
    peer.send(endpoint.port, invite);
    await peer.waitForText(startsWith('SIP/2.0 180'));
    peer.send(endpoint.port, invite);
    await peer.waitFor(3);
    expect(calls).toBe(1);
    expect(peer.texts().filter(startsWith('SIP/2.0 180'))).toHaveLength(2);
  });
});
