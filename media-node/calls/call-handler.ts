import type { NodeLogger } from '../log.js';
import type { InboundCall } from '../sip/inbound-call.js';
import { answerOffer, type NegotiatedAudio } from '../sdp/offer-answer.js';
import type { MediaClock } from '../rtp/media-clock.js';
import type { RtpPortPool, RtpPorts } from '../rtp/port-pool.js';
import { RtpSession } from '../rtp/rtp-session.js';
import type { ActiveCalls } from './active-calls.js';
import { routeCall, type Route } from './routing.js';
import type { CallApplication, CallContext, NodeConfig } from './call-application.js';
import { createCallSession } from '../ivr/session.js';
import type { PromptLibrary } from '../prompts/library.js';
import { watchMediaTimeout } from './media-timeout.js';

export interface CallHandlerDeps {
  config: () => NodeConfig | null;
  prompts: PromptLibrary;
  ports: RtpPortPool;
  clock: MediaClock;
  /** The address written into our SDP (where the PBX must send RTP). */
  mediaAddress: string;
  apps: Partial<Record<Route['app'], CallApplication>>;
  calls: ActiveCalls;
  log: NodeLogger;
  /** Seconds without any RTP (and not on hold) after which a call is considered dead. */
  mediaTimeoutSeconds?: number;
}

/** SIP answers for each way a call can fail before an application takes it. */
export function createCallHandler(deps: CallHandlerDeps): (call: InboundCall) => Promise<void> {
  return async (call) => {
    const log = deps.log.child({ callId: call.callId, from: call.from.user, dialled: call.dialled });
    const config = deps.config();
    if (!config) return call.reject(503, 'Node Not Configured Yet', { 'Retry-After': '30' });
    const route = routeCall(
      { dialled: call.dialled, caller: call.from.user, diversions: call.diversions, siprec: isSiprec(call) },
      config.codes,
      new Set(config.extensions.map((e) => e.number)),
    );
    if (route.app === 'unknown') return call.reject(404, 'No Ramal Service At This Number');
    const app = deps.apps[route.app];
    if (!app) return call.reject(480, 'Service Not Available On This Node');
    if (!call.offer) return call.reject(488, 'SDP Offer Required');

    let ports: RtpPorts;
    try {
      ports = await deps.ports.allocate();
    } catch (err) {
      log.warn('no RTP ports free', { error: String(err) });
      return call.reject(503, 'No Media Ports Free', { 'Retry-After': '10' });
    }
    let version = 1;
    // A far end that said it sends nothing (we only send, or inactive) may be silent for ever; one
    // that put us on hold may send nothing for long; anyone else silent for a minute is gone.
    const timeoutSeconds = deps.mediaTimeoutSeconds ?? 60;
    const quietLimit = (direction: NegotiatedAudio['direction'], held: boolean): number | null =>
      direction === 'sendonly' || direction === 'inactive' ? null : held ? timeoutSeconds * 10 : timeoutSeconds;
    let negotiated: { answer: string; media: NegotiatedAudio };
    try {
      negotiated = answerOffer(call.offer, { address: deps.mediaAddress, port: ports.port, sessionVersion: version });
    } catch (err) {
      ports.release();
      log.info('offer not acceptable', { error: (err as Error).message });
      return call.reject(488, 'Not Acceptable Here', { Warning: '305 ramal "only PCMA, PCMU and telephone-event at 20 ms"' });
    }
    let limit = quietLimit(negotiated.media.direction, false);
    const media = new RtpSession({
      ports, clock: deps.clock, codec: negotiated.media.codec, payloadType: negotiated.media.payloadType,
      telephoneEventPt: negotiated.media.telephoneEventPt, remote: negotiated.media.remote, direction: negotiated.media.direction, log,
    });
    call.on('dtmf', (digit) => {
      if (/^[0-9*#A-D]$/.test(digit)) media.injectDtmf(digit as Parameters<typeof media.injectDtmf>[0], 'info');
    });
    call.on('reoffer', (sdp, respond) => {
      try {
        const next = answerOffer(sdp, { address: deps.mediaAddress, port: ports.port, sessionVersion: ++version });
        limit = quietLimit(next.media.direction, next.media.direction !== 'sendrecv');
        media.update({ codec: next.media.codec, payloadType: next.media.payloadType, telephoneEventPt: next.media.telephoneEventPt, remote: next.media.remote, direction: next.media.direction });
        respond({ sdp: next.answer });
      } catch {
        respond({ status: 488 });
      }
    });
    call.signal.addEventListener('abort', () => media.close(), { once: true });

    try {
      await call.answer(negotiated.answer);
    } catch (err) {
      log.info('call not established', { error: (err as Error).message });
      media.close();
      return;
    }
    media.start();
    const untrack = deps.calls.add({ id: call.callId, app: route.app, startedAt: Date.now(), hangup: () => call.hangup() });
    const stopTimeout = watchMediaTimeout(media, call, () => limit, log);
    log.info('call answered', { app: route.app, codec: negotiated.media.codec });
    const session = createCallSession({
      id: call.callId, language: config.language, siteLanguage: config.language, timeZone: config.site.timeZone,
      media, prompts: deps.prompts, log, onHangup: () => call.hangup(),
    });
    call.signal.addEventListener('abort', () => session.end('remote hangup'), { once: true });
    const context: CallContext = { call, media, session, route, config, log };
    try {
      await app.run(context);
    } catch (err) {
      log.error('application failed', { app: route.app, error: (err as Error).stack ?? String(err) });
    } finally {
      stopTimeout();
      untrack();
      if (!call.signal.aborted) await call.hangup().catch(() => {});
      media.close();
      log.info('call ended', { app: route.app, stats: media.stats() });
    }
  };
}

function isSiprec(call: InboundCall): boolean {
  return call.headers('require').concat(call.headers('supported')).some((v) => /\bsiprec\b/i.test(v));
}
