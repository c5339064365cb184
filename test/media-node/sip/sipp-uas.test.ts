import { afterEach, describe, expect, it } from 'vitest';
import { answerOffer } from '../../../media-node/sdp/offer-answer.js';
import type { SipEndpoint } from '../../../media-node/sip/endpoint.js';
import type { InboundCall } from '../../../media-node/sip/inbound-call.js';
import { answerCall, startEndpoint } from './helpers/endpoint.js';
import { sipp, type SippRun } from './helpers/sipp.js';

function expectClean(run: SippRun): void {
  expect(run.errors, run.output.slice(-3000)).toBe('');
  expect(run.code, run.output.slice(-3000)).toBe(0);
}

/** Resolves with the first call the endpoint hands to onInvite, and the reason it ended. */
function capture() {
  let callResolve!: (c: InboundCall) => void;
  let endedResolve!: (reason: string) => void;
  const call = new Promise<InboundCall>((r) => (callResolve = r));
  const ended = new Promise<string>((r) => (endedResolve = r));
  // Listens before onInvite returns: a call rejected inside onInvite ends synchronously.
  const resolveCall = (c: InboundCall) => {
    c.on('ended', endedResolve);
    callResolve(c);
  };
  return { call, ended, resolveCall };
}

describe.each(['udp', 'tcp'] as const)('the node as UAS, sipp calling over %s', (transport) => {
  let endpoint: SipEndpoint | undefined;
  afterEach(async () => endpoint?.close());

  it('answers an INVITE with SDP, takes the ACK and the BYE from sipp', async () => {
    const c = capture();
    endpoint = await startEndpoint({ onInvite: (call) => (c.resolveCall(call), void answerCall(call)) });
    const run = await sipp({ scenario: 'uac-call.xml', transport, remotePort: endpoint.port });
    expectClean(await run.done);
    const call = await c.call;
    expect(call.dialled).toBe('service');
    expect(call.source.transport).toBe(transport);
    expect(call.offer).toContain('PCMA/8000');
    expect(await c.ended).toBe('remote-bye');
    expect(endpoint.activeDialogs).toBe(0);
  });

  it('hangs up with its own BYE', async () => {
    const c = capture();
    endpoint = await startEndpoint({
      onInvite: (call) => {
        c.resolveCall(call);
        void answerCall(call).then(() => setTimeout(() => void call.hangup(), 100));
      },
    });
    const run = await sipp({ scenario: 'uac-remote-bye.xml', transport, remotePort: endpoint.port });
    expectClean(await run.done);
    expect(await c.ended).toBe('local-bye');
  });

  it('answers CANCEL before answer with 487', async () => {
    const c = capture();
    endpoint = await startEndpoint({ onInvite: (call) => (c.resolveCall(call), call.ringing()) });
    const run = await sipp({ scenario: 'uac-cancel.xml', transport, remotePort: endpoint.port });
    expectClean(await run.done);
    expect(await c.ended).toBe('cancelled');
    expect((await c.call).signal.aborted).toBe(true);
  });

  it('answers OPTIONS with 200 and an Allow list', async () => {
    endpoint = await startEndpoint();
    expectClean(await (await sipp({ scenario: 'uac-options.xml', transport, remotePort: endpoint.port })).done);
  });

  it('answers a hold re-INVITE (a=sendonly) with a=recvonly', async () => {
    const offers: string[] = [];
    endpoint = await startEndpoint({
      onInvite: (call) => {
        call.on('reoffer', (sdp, respond) => {
          offers.push(sdp);
          respond({ sdp: answerOffer(sdp, { address: '127.0.0.1', port: 40_000, sessionVersion: 2 }).answer });
        });
        void answerCall(call);
      },
    });
    expectClean(await (await sipp({ scenario: 'uac-reinvite-hold.xml', transport, remotePort: endpoint.port })).done);
    expect(offers).toHaveLength(1);
    expect(offers[0]).toContain('a=sendonly');
  });

  it('refuses an offer with only G.729 with 488', async () => {
    const c = capture();
    endpoint = await startEndpoint({ onInvite: (call) => (c.resolveCall(call), void answerCall(call)) });
    expectClean(await (await sipp({ scenario: 'uac-g729-only.xml', transport, remotePort: endpoint.port })).done);
    expect(await c.ended).toBe('local-bye');
  });

  it('challenges an untrusted caller with 401 and lets it in with the right password', async () => {
    const c = capture();
    endpoint = await startEndpoint({ isTrusted: () => false, onInvite: (call) => (c.resolveCall(call), void answerCall(call)) });
    const run = await sipp({ scenario: 'uac-auth.xml', transport, remotePort: endpoint.port, args: ['-au', 'alice', '-ap', 'secret'] });
    expectClean(await run.done);
    expect(await c.ended).toBe('remote-bye');
  });

  it('answers 403 to an untrusted caller with the wrong password, and never offers the call', async () => {
    let offered = false;
    endpoint = await startEndpoint({ isTrusted: () => false, onInvite: () => (offered = true) });
    const run = await sipp({ scenario: 'uac-auth-rejected.xml', transport, remotePort: endpoint.port, args: ['-au', 'alice', '-ap', 'wrong'] });
    expectClean(await run.done);
    expect(offered).toBe(false);
  });

  it('turns SIP INFO digits (dtmf-relay and dtmf) into dtmf events', async () => {
    const digits: string[] = [];
    endpoint = await startEndpoint({ onInvite: (call) => (call.on('dtmf', (d) => digits.push(d)), void answerCall(call)) });
    expectClean(await (await sipp({ scenario: 'uac-info-dtmf.xml', transport, remotePort: endpoint.port })).done);
    expect(digits).toEqual(['5', '#']);
  });
});
