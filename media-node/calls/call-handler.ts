import type { NodeLogger } from '../log.js';
import { createCallSession } from '../ivr/session.js';
import type { PromptLibrary } from '../prompts/library.js';
import type { MediaClock } from '../rtp/media-clock.js';
import type { RtpPortPool, RtpPorts } from '../rtp/port-pool.js';
import type { InboundCall } from '../sip/inbound-call.js';
import type { ActiveCalls } from './active-calls.js';
import type { CallApplication, CallContext, NodeConfig } from './call-application.js';
import { establishMedia } from './call-media-setup.js';
import { establishRecording, type EstablishedRecording } from './recording-media-setup.js';
import type { RtpSession } from '../rtp/rtp-session.js';
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

    const established = isSiprec(call) ? await recordingMedia(call, deps, log) : await callMedia(call, deps, log, route.app === 'recorder');
    if (!established) return;
    const { media, streams } = established;
    const untrack = deps.calls.add({ id: call.callId, app: route.app, startedAt: Date.now(), hangup: () => call.hangup() });
    const stopTimeout = watchMediaTimeout(() => streams.reduce((n, s) => n + s.stats().packetsIn, 0), call, established.quietLimit, log);
    log.info('call answered', { app: route.app, codec: established.codec, streams: streams.length });
    const session = createCallSession({
      id: call.callId, language: config.language, siteLanguage: config.language, timeZone: config.site.timeZone,
      media, prompts: deps.prompts, log, onHangup: () => call.hangup(),
    });
    call.signal.addEventListener('abort', () => session.end('remote hangup'), { once: true });
    const context: CallContext = { call, media, session, route, config, log, ...(established.recording ? { recording: established.recording } : {}) };
    try {
      // Playout starts with the application: its first synchronous step subscribes to the audio.
      const running = app.run(context);
      for (const s of streams) s.start();
      await running;
    } catch (err) {
      log.error('application failed', { app: route.app, error: (err as Error).stack ?? String(err) });
    } finally {
      stopTimeout();
      untrack();
      if (!call.signal.aborted) await call.hangup().catch(() => {});
      for (const s of streams) s.close();
      log.info('call ended', { app: route.app, stats: streams.length === 1 ? media.stats() : streams.map((s) => s.stats()) });
    }
  };
}

interface CallMediaSetup {
  /** The stream the IVR session plays to and listens on. */
  media: RtpSession;
  /** Every RTP session of the call (two for a SIPREC recording), started and closed together. */
  streams: RtpSession[];
  codec: string;
  quietLimit: () => number | null;
  recording?: EstablishedRecording;
}

async function callMedia(call: InboundCall, deps: CallHandlerDeps, log: NodeLogger, recordOnly: boolean): Promise<CallMediaSetup | null> {
  let ports: RtpPorts;
  try {
    ports = await deps.ports.allocate();
  } catch (err) {
    log.warn('no RTP ports free', { error: String(err) });
    call.reject(503, 'No Media Ports Free', { 'Retry-After': '10' });
    return null;
  }
  const established = await establishMedia(call, { ports, clock: deps.clock, address: deps.mediaAddress, timeoutSeconds: deps.mediaTimeoutSeconds ?? 60, log, recordOnly });
  return established && { media: established.media, streams: [established.media], codec: established.codec, quietLimit: established.quietLimit };
}

async function recordingMedia(call: InboundCall, deps: CallHandlerDeps, log: NodeLogger): Promise<CallMediaSetup | null> {
  const recording = await establishRecording(call, { ports: deps.ports, clock: deps.clock, address: deps.mediaAddress, timeoutSeconds: deps.mediaTimeoutSeconds ?? 60, log });
  if (!recording) return null;
  const streams = recording.streams.map((s) => s.media);
  return { media: streams[0] as RtpSession, streams, codec: recording.codecs.join('+'), quietLimit: recording.quietLimit, recording };
}

function isSiprec(call: InboundCall): boolean {
  return call.headers('require').concat(call.headers('supported')).some((v) => /\bsiprec\b/i.test(v));
}
