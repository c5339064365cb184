import { silentLogger } from '../../../../media-node/log.js';
import { answerOffer } from '../../../../media-node/sdp/offer-answer.js';
import { SipEndpoint, type SipEndpointOptions } from '../../../../media-node/sip/endpoint.js';
import type { InboundCall } from '../../../../media-node/sip/inbound-call.js';

/** Answers an offer the way the node will, or refuses it with 488. */
export function answerCall(call: InboundCall): Promise<string | undefined> {
  let answer: string;
  try {
    answer = answerOffer(call.offer ?? '', { address: '127.0.0.1', port: 40_000 }).answer;
  } catch {
    call.reject(488);
    return Promise.resolve(undefined);
  }
  return call.answer(answer);
}

export function startEndpoint(overrides: Partial<SipEndpointOptions> = {}): Promise<SipEndpoint> {
  return SipEndpoint.start({
    host: '127.0.0.1',
    port: 0,
    userAgent: 'ramal-test',
    log: silentLogger,
    isTrusted: () => true,
    realm: 'ramal.test',
    passwordFor: (user) => (user === 'alice' ? 'secret' : undefined),
    onInvite: (call) => void answerCall(call).catch(() => undefined),
    ...overrides,
  });
}
