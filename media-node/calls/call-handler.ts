import type { NodeLogger } from '../log.js';
import { createCallSession } from '../ivr/session.js';
import type { PromptLibrary } from '../prompts/library.js';
import type { MediaClock } from '../rtp/media-clock.js';
import type { RtpPortPool, RtpPorts } from '../rtp/port-pool.js';
import type { InboundCall } from '../sip/inbound-call.js';
import type { ActiveCalls } from './active-calls.js';
import type { CallApplication, CallContext, NodeConfig } from './call-application.js';
import { establishMedia } from './call-media-setup.js';
import { watchMediaTimeout } from './media-timeout.js';
import { routeCall, type Route } from './routing.js';

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
  /** Seconds without any RTP after which a call is considered dead (default 60). */
  mediaTimeoutSeconds?: number;
}

/** Routes a new call, answers it with media, and runs its application to the end. */
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

    let ports: RtpPorts;
    try {
      ports = await deps.ports.allocate();
    } catch (err) {
      log.warn('no RTP ports free', { error: String(err) });
      return call.reject(503, 'No Media Ports Free', { 'Retry-After': '10' });
    }
    const established = await establishMedia(call, { ports, clock: deps.clock, address: deps.mediaAddress, timeoutSeconds: deps.mediaTimeoutSeconds ?? 60, log });
    if (!established) return;
    const { media } = established;
    const untrack = deps.calls.add({ id: call.callId, app: route.app, startedAt: Date.now(), hangup: () => call.hangup() });
    const stopTimeout = watchMediaTimeout(media, call, established.quietLimit, log);
    log.info('call answered', { app: route.app, codec: established.codec });
    const session = createCallSession({
      id: call.callId, language: config.language, siteLanguage: config.language, timeZone: config.site.timeZone,
      media, prompts: deps.prompts, log, onHangup: () => call.hangup(),
    });
    call.signal.addEventListener('abort', () => session.end('remote hangup'), { once: true });
    const context: CallContext = { call, media, session, route, config, log };
    try {
      // Playout starts with the application: its first synchronous step subscribes to the audio.
      const running = app.run(context);
      media.start();
      await running;
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
