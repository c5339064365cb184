import { afterEach, describe, expect, it } from 'vitest';
import type { SipEndpoint } from '../../../media-node/sip/endpoint.js';
import type { InboundCall } from '../../../media-node/sip/inbound-call.js';
import { answerCall, startEndpoint } from './helpers/endpoint.js';
import { PCMA_OFFER, rawRequest } from './helpers/raw.js';
import { SipPeer } from './helpers/sip-peer.js';

const startsWith = (prefix: string) => (text: string) => text.startsWith(prefix);
const toTagOf = (text: string) => /^To:.*;tag=([^;\r\n]+)/m.exec(text)?.[1] as string;

describe('the node as UAS, driven by a raw UDP peer', () => {
  let endpoint: SipEndpoint | undefined;
  let peer: SipPeer | undefined;
  afterEach(async () => {
    peer?.close();
    await endpoint?.close();
  });

  async function setup(onInvite: (call: InboundCall) => void = (call) => void answerCall(call), trusted = true) {
    endpoint = await startEndpoint({ onInvite, isTrusted: () => trusted });
    peer = await SipPeer.open();
    const send = (options: Omit<Parameters<typeof rawRequest>[0], 'endpointPort' | 'peerPort'>) =>
      (peer as SipPeer).send((endpoint as SipEndpoint).port, rawRequest({ ...options, endpointPort: (endpoint as SipEndpoint).port, peerPort: (peer as SipPeer).port }));
    return { send, peer };
  }

  it('gives onInvite the dialled number, caller, and Diversion/History-Info oldest first', async () => {
    let call: InboundCall | undefined;
    const { send } = await setup((c) => ((call = c), c.ringing()));
    send({
      method: 'INVITE', branch: 'z9hG4bK-div', callId: 'div',
      headers: [
        'Diversion: <sip:2002@pbx>;reason=no-answer;counter=1',
        'Diversion: <tel:+551130001001>;reason=user-busy;counter=1',
        'History-Info: <sip:1001@pbx?Reason=SIP%3Bcause%3D302>;index=1, <sip:4000@ramal;cause=480>;index=1.1',
      ],
      body: { type: 'application/sdp', content: PCMA_OFFER },
    });
    await peer?.waitForText(startsWith('SIP/2.0 180'));
    expect(call).toMatchObject({ dialled: '4000', from: { user: 'peer', displayName: 'Peer' }, to: { user: '4000' }, offer: PCMA_OFFER });
    expect(call?.diversions).toEqual([
      { user: '+551130001001', reason: 'user-busy', source: 'diversion' },
      { user: '2002', reason: 'no-answer', source: 'diversion' },
      { user: '1001', reason: 'SIP;cause=302', source: 'history-info' },
      { user: '4000', reason: '480', source: 'history-info' },
    ]);
    expect(call?.header('Diversion')).toBe('<sip:2002@pbx>;reason=no-answer;counter=1');
    expect(call?.headers('History-Info')).toHaveLength(2);
  });

  it('extracts the SDP from a multipart/mixed body (SIPREC style)', async () => {
    let call: InboundCall | undefined;
    const { send } = await setup((c) => ((call = c), c.ringing()));
    const body = ['--b1', 'Content-Type: application/sdp', '', PCMA_OFFER, '--b1', 'Content-Type: application/rs-metadata+xml', '', '<recording/>', '--b1--', ''].join('\r\n');
    send({ method: 'INVITE', branch: 'z9hG4bK-mp', callId: 'mp', body: { type: 'multipart/mixed;boundary=b1', content: body } });
    await peer?.waitForText(startsWith('SIP/2.0 180'));
    expect(call?.offer).toBe(PCMA_OFFER);
    expect(call?.body?.contentType).toBe('multipart/mixed;boundary=b1');
  });

  it('marks its Contact with +sip.srs when answering a recording session (Require: siprec), and not a plain call', async () => {
    const answered: Promise<unknown>[] = [];
    const { send } = await setup((call) => void answered.push(answerCall(call)));
    const body = ['--b1', 'Content-Type: application/sdp', '', PCMA_OFFER, '--b1', 'Content-Type: application/rs-metadata+xml', '', '<recording/>', '--b1--', ''].join('\r\n');
    send({ method: 'INVITE', branch: 'z9hG4bK-srs', callId: 'srs', headers: ['Require: siprec'], body: { type: 'multipart/mixed;boundary=b1', content: body } });
    send({ method: 'INVITE', branch: 'z9hG4bK-plain', callId: 'plain', body: { type: 'application/sdp', content: PCMA_OFFER } });
    const contactOf = async (callId: string) => {
      const ok = (await peer!.waitForText((t) => t.startsWith('SIP/2.0 200') && t.includes(`Call-ID: ${callId}`))) ?? '';
      send({ method: 'ACK', branch: `z9hG4bK-ack-${callId}`, callId, toTag: toTagOf(ok) });
      return /^Contact: (.*)$/m.exec(ok)?.[1];
    };
    expect(await contactOf('srs')).toMatch(/>;\+sip\.srs\r?$/);
    expect(await contactOf('plain')).not.toContain('sip.srs');
    await Promise.all(answered);
  });

  it('answers Max-Forwards: 0 with 483 and never offers the call', async () => {
    let offered = false;
    const { send } = await setup(() => (offered = true));
    send({ method: 'INVITE', branch: 'z9hG4bK-mf', callId: 'mf', headers: ['Max-Forwards: 0'], body: { type: 'application/sdp', content: PCMA_OFFER } });
    expect(await peer?.waitForText(startsWith('SIP/2.0 4'))).toMatch(/^SIP\/2\.0 483/);
    expect(offered).toBe(false);
  });

  it('answers 482 to the same INVITE arriving again on another branch (a merged fork)', async () => {
    let calls = 0;
    const { send } = await setup((c) => (calls++, c.ringing()));
    send({ method: 'INVITE', branch: 'z9hG4bK-fork-a', callId: 'fork', body: { type: 'application/sdp', content: PCMA_OFFER } });
    await peer?.waitForText(startsWith('SIP/2.0 180'));
    send({ method: 'INVITE', branch: 'z9hG4bK-fork-b', callId: 'fork', body: { type: 'application/sdp', content: PCMA_OFFER } });
    expect(await peer?.waitForText((t) => t.includes('branch=z9hG4bK-fork-b') && /^SIP\/2\.0 [3-6]/.test(t))).toMatch(/^SIP\/2\.0 482/);
    expect(calls).toBe(1);
  });

  it('answers 481 to BYE and CANCEL for nothing it knows', async () => {
    const { send } = await setup();
    send({ method: 'BYE', branch: 'z9hG4bK-b', callId: 'none', toTag: 'abc' });
    send({ method: 'CANCEL', branch: 'z9hG4bK-c', callId: 'none2' });
    await peer?.waitFor(2);
    expect(peer?.responses().map((r) => r.status)).toEqual([481, 481]);
  });

  it('challenges an untrusted NOTIFY, and lets a trusted one through with 200', async () => {
    const { send } = await setup(undefined, false);
    send({ method: 'NOTIFY', branch: 'z9hG4bK-n1', callId: 'n1', headers: ['Event: check-sync'] });
    expect(await peer?.waitForText(startsWith('SIP/2.0'))).toMatch(/^SIP\/2\.0 401[\s\S]*WWW-Authenticate: Digest realm="ramal.test"/);
    await endpoint?.close();
    peer?.close();
    const trusted = await setup(undefined, true);
    trusted.send({ method: 'NOTIFY', branch: 'z9hG4bK-n2', callId: 'n2', headers: ['Event: check-sync'] });
    expect(await trusted.peer.waitForText(startsWith('SIP/2.0'))).toMatch(/^SIP\/2\.0 200/);
  });

  it('ends a ringing call on a BYE from the caller: 200 to the BYE, 487 to the INVITE', async () => {
    let ended: Promise<string> | undefined;
    const { send } = await setup((c) => ((ended = new Promise((r) => c.on('ended', r))), c.ringing()));
    send({ method: 'INVITE', branch: 'z9hG4bK-eb', callId: 'early-bye', body: { type: 'application/sdp', content: PCMA_OFFER } });
    const ringing = (await peer?.waitForText(startsWith('SIP/2.0 180'))) as string;
    send({ method: 'BYE', branch: 'z9hG4bK-eb2', callId: 'early-bye', cseq: 2, toTag: toTagOf(ringing) });
    expect(await ended).toBe('remote-bye');
    await peer?.waitFor(4);
    expect(peer?.responses().map((r) => r.status)).toEqual(expect.arrayContaining([200, 487]));
  });

  it('answers 480 when the node hangs up before answering, and 500 when onInvite throws', async () => {
    const { send } = await setup((c) => void c.hangup());
    send({ method: 'INVITE', branch: 'z9hG4bK-h480', callId: 'h480', body: { type: 'application/sdp', content: PCMA_OFFER } });
    expect(await peer?.waitForText(startsWith('SIP/2.0 4'))).toMatch(/^SIP\/2\.0 480/);
    await endpoint?.close();
    peer?.close();
    const throwing = await setup(() => {
      throw new Error('application bug');
    });
    throwing.send({ method: 'INVITE', branch: 'z9hG4bK-h500', callId: 'h500', body: { type: 'application/sdp', content: PCMA_OFFER } });
    expect(await throwing.peer.waitForText(startsWith('SIP/2.0 5'))).toMatch(/^SIP\/2\.0 500/);
  });

  it('a BYE that overtakes the ACK ends the call and rejects answer()', async () => {
    let answered: Promise<string | undefined> | undefined;
    const { send } = await setup((c) => void (answered = c.answer(PCMA_OFFER)));
    send({ method: 'INVITE', branch: 'z9hG4bK-ov', callId: 'overtake', body: { type: 'application/sdp', content: PCMA_OFFER } });
    const ok = (await peer?.waitForText(startsWith('SIP/2.0 200'))) as string;
    send({ method: 'BYE', branch: 'z9hG4bK-ov2', callId: 'overtake', cseq: 2, toTag: toTagOf(ok) });
    await expect(answered).rejects.toMatchObject({ code: 'SIP_STATE' });
    expect(await peer?.waitForText((t) => t.includes('CSeq: 2 BYE'))).toMatch(/^SIP\/2\.0 200/);
  });

  it('in a dialog: re-INVITE without a reoffer listener gets 488, an older CSeq gets 500, OPTIONS gets 200', async () => {
    const { send } = await setup();
    send({ method: 'INVITE', branch: 'z9hG4bK-d1', callId: 'dlg', cseq: 10, body: { type: 'application/sdp', content: PCMA_OFFER } });
    const ok = (await peer?.waitForText(startsWith('SIP/2.0 200'))) as string;
    const toTag = toTagOf(ok);
    send({ method: 'ACK', branch: 'z9hG4bK-d2', callId: 'dlg', cseq: 10, toTag });
    send({ method: 'INVITE', branch: 'z9hG4bK-d3', callId: 'dlg', cseq: 11, toTag, body: { type: 'application/sdp', content: PCMA_OFFER } });
    expect(await peer?.waitForText((t) => t.includes('CSeq: 11 INVITE') && /^SIP\/2\.0 [2-6]/.test(t))).toMatch(/^SIP\/2\.0 488/);
    send({ method: 'OPTIONS', branch: 'z9hG4bK-d4', callId: 'dlg', cseq: 5, toTag });
    expect(await peer?.waitForText((t) => t.includes('CSeq: 5 OPTIONS'))).toMatch(/^SIP\/2\.0 500/);
    send({ method: 'OPTIONS', branch: 'z9hG4bK-d5', callId: 'dlg', cseq: 12, toTag });
    expect(await peer?.waitForText((t) => t.includes('CSeq: 12 OPTIONS'))).toMatch(/^SIP\/2\.0 200/);
    send({ method: 'UPDATE', branch: 'z9hG4bK-d6', callId: 'dlg', cseq: 13, toTag });
    expect(await peer?.waitForText((t) => t.includes('CSeq: 13 UPDATE'))).toMatch(/^SIP\/2\.0 405/);
    send({ method: 'FROBNICATE', branch: 'z9hG4bK-d7', callId: 'dlg', cseq: 14, toTag });
    expect(await peer?.waitForText((t) => t.includes('CSeq: 14 FROBNICATE'))).toMatch(/^SIP\/2\.0 501/);
    expect(endpoint?.activeDialogs).toBe(1);
  });
});
